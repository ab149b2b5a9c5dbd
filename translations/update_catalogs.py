"""Rebuild translations/messages.pot from every string a user can see and update the catalogs.

Ours (app/, workers/), Flask-AppBuilder's (it ships no Hindi or Bengali) and WTForms' validation
messages (Flask-WTF looks them up in our catalog). New strings arrive untranslated; the catalog
test fails until every language has them.
"""

import os
import subprocess
import sys
import tempfile

import flask_appbuilder
import wtforms

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KEYWORDS = [
    "-k",
    "lazy_gettext",
    "-k",
    "_l",
    "-k",
    "_",
    "-k",
    "gettext",
    "-k",
    "ngettext:1,2",
    "-k",
    "N_",
    "-k",
    "lazy_formatter_gettext",  # Flask-AppBuilder's help texts of the user's roles and groups
]
PYBABEL = os.path.join(os.path.dirname(sys.executable), "pybabel")
THIRD_PARTY_CFG = "[python: **.py]\n[jinja2: **/templates/**.html]\n"


def run(*args: str) -> None:
    subprocess.run(args, check=True, cwd=ROOT)


def extract(target: str, source: str, config: str) -> None:
    run(
        PYBABEL,
        "-q",
        "extract",
        "-F",
        config,
        *KEYWORDS,
        "--no-location",
        "--sort-output",
        "-o",
        target,
        source,
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        third_party_cfg = os.path.join(tmp, "third_party.cfg")
        with open(third_party_cfg, "w") as fh:
            fh.write(THIRD_PARTY_CFG)
        ours = os.path.join(tmp, "ours.pot")
        extract(ours, ".", os.path.join(ROOT, "babel.cfg"))
        parts = [ours]
        for package in (flask_appbuilder, wtforms):
            pot = os.path.join(tmp, f"{package.__name__}.pot")
            extract(pot, os.path.dirname(package.__file__), third_party_cfg)
            parts.append(pot)
        run(
            "msgcat",
            "--use-first",
            "--sort-output",
            "-o",
            os.path.join(HERE, "messages.pot"),
            *parts,
        )
    run(
        PYBABEL,
        "-q",
        "update",
        "-i",
        os.path.join(HERE, "messages.pot"),
        "-d",
        HERE,
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )


if __name__ == "__main__":
    main()
