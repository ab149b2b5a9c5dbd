"""The module's own import contracts (pyproject.toml, [tool.importlinter]), checked by
import-linter over this package and JanSeva's `app`."""

import os
import subprocess
import sys
from pathlib import Path

from conftest import janseva_root

CONFIG = Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_the_module_imports_only_what_its_manifest_depends_on():
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--config", str(CONFIG), "--no-cache"],
        cwd=janseva_root(),
        env={**os.environ, "PYTHONPATH": str(janseva_root())},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout
