"""The suite's own layout: tests/ follows the application's modules, and no test module imports
another (what tests share lives in a conftest.py or a *_helpers.py module)."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
LAYERS = ("services", "views")  # app/<layer>/<module>/ -> tests/<module>/


def _python_files():
    return sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)


def _dotted(path: Path) -> list[str]:
    return list(path.relative_to(ROOT).with_suffix("").parts)


def _imported(path: Path) -> set[str]:
    """Every dotted name `path` imports, relative imports resolved; for `from a import b` both
    a and a.b (b may be a module)."""
    package = _dotted(path)[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _test_module(name: str) -> Path | None:
    """The test_*.py file a dotted name stands for, if it is one of ours."""
    path = ROOT.joinpath(*name.split(".")).with_suffix(".py")
    return path if path.name.startswith("test_") and path.is_file() else None


def test_no_test_module_imports_another():
    found = []
    for path in _python_files():
        for name in sorted(_imported(path)):
            imported = _test_module(name)
            if imported and imported != path:
                found.append(f"{path.relative_to(ROOT)} imports {imported.relative_to(ROOT)}")
    assert not found, (
        "a test module imports another; move what they share into a conftest.py (fixtures) "
        "or a *_helpers.py module:\n" + "\n".join(found)
    )


def test_every_module_of_the_app_has_its_folder_of_tests():
    modules = sorted(
        {
            folder.name
            for layer in LAYERS
            for folder in (ROOT / "app" / layer).iterdir()
            if (folder / "__init__.py").is_file()
        }
    )
    missing = [m for m in modules if not any((TESTS / m).glob("test_*.py"))]
    assert not missing, "modules of app/ without tests/<module>/test_*.py: " + ", ".join(missing)


def test_every_folder_of_tests_is_a_package():
    folders = {path.parent for path in _python_files()}
    missing = sorted(str(f.relative_to(ROOT)) for f in folders if not (f / "__init__.py").is_file())
    assert not missing, "folders of tests without __init__.py: " + ", ".join(missing)
