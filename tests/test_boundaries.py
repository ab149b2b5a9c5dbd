"""The code's boundaries, as import-linter checks them from pyproject.toml: no import circle,
the kernel below everything, arrows from views to services to models, and each module
importing only the modules its manifest depends on."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from app.modules import available

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(tree)},
    )


def contracts() -> dict[str, dict]:
    with open(ROOT / "pyproject.toml", "rb") as file:
        found = tomllib.load(file)["tool"]["importlinter"]["contracts"]
    return {contract["id"]: contract for contract in found}


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_each_module_contract_says_what_its_manifest_depends_on():
    """The module contracts are written out in pyproject.toml for import-linter; the manifests
    are the truth. A module added or a dependency changed shows here, with the lines to write."""
    modules = {name: m for name, m in available().items() if m.root is None}  # the tree's own
    written = contracts()
    for name, manifest in modules.items():
        allowed = {name, "base", *manifest.depends}
        expected = sorted(f"app.**.{other}" for other in modules if other not in allowed)
        contract = written.get(f"module-{name}")
        assert contract is not None, f"pyproject.toml has no contract with id module-{name}"
        assert contract["source_modules"] == [f"app.**.{name}"]
        assert sorted(contract["forbidden_modules"]) == expected, (
            f"module-{name}: forbidden_modules should be {expected}"
        )
        assert contract.get("allow_indirect_imports") is True


@pytest.fixture
def tree(tmp_path):
    """A copy of the Python code and the contracts, to break on purpose."""
    ignore = shutil.ignore_patterns("static", "templates", "__pycache__", "*.pyc")
    for package in ("app", "workers"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_an_import_against_the_manifests_fails_naming_both_modules(tree):
    probe = tree / "app" / "services" / "payments" / "probe.py"
    probe.write_text("from app.services.postal import articles  # noqa: F401\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "Module payments imports only what its manifest depends on" in result.stdout
    assert "app.services.payments is not allowed to import app.services.postal" in result.stdout
    assert "app.services.payments.probe -> app.services.postal.articles" in result.stdout


def test_an_import_circle_fails(tree):
    probe = tree / "app" / "services" / "grievance" / "sla.py"
    probe.write_text(probe.read_text() + "\nfrom app.services.grievance import sla_sweep  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "No import circle anywhere in app/ or workers/ BROKEN" in result.stdout
    assert "app.services.grievance" in result.stdout


def test_the_kernel_importing_a_module_fails(tree):
    probe = tree / "app" / "core" / "clock.py"
    probe.write_text(probe.read_text() + "\nfrom app.models.org import Ward  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "app.core is not allowed to import app.models" in result.stdout


def test_each_module_folder_opens_with_its_manifest_summary():
    for name, manifest in available().items():
        if manifest.root is not None:
            continue
        for layer in ("services", "views"):
            init = ROOT / "app" / layer / name / "__init__.py"
            assert init.exists(), f"app/{layer}/{name}/ is missing"
            docstring = init.read_text().split('"""')[1]
            assert " ".join(docstring.split()).startswith(manifest.summary), init
