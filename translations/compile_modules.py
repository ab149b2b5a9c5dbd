"""Compile the hi, bn and fa catalogs of every installed module from outside the tree (its
manifest's `translations` folder): like JanSeva's own, .mo files are build output, never
committed. `make translations` runs this after compiling translations/."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from babel.messages.frontend import CommandLineInterface  # noqa: E402

from app import modules  # noqa: E402


def main() -> None:
    for manifest in modules.available().values():
        folder = modules.outside_folder(manifest, "translations")
        if folder:
            CommandLineInterface().run(["pybabel", "-q", "compile", "-d", folder])


if __name__ == "__main__":
    main()
