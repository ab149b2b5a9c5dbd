"""The module registry: dependencies checked, disabled modules leave no trace."""

import json
import os
import subprocess
import sys

import pytest

from app.modules import Manifest, ModuleError, available, resolve

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

FAKE = {
    "base": Manifest(name="base", summary="", always=True),
    "org": Manifest(name="org", summary="", depends=("base",)),
    "grievance": Manifest(name="grievance", summary="", depends=("org",)),
    "channels": Manifest(name="channels", summary="", depends=("grievance",)),
}


def test_dependencies_come_first():
    names = [m.name for m in resolve(["channels", "grievance", "org"], FAKE)]
    assert names == ["base", "org", "grievance", "channels"]


def test_a_missing_dependency_refuses_to_start_with_a_clear_message():
    with pytest.raises(ModuleError) as error:
        resolve(["channels", "org"], FAKE)
    assert str(error.value) == (
        "Module 'channels' depends on 'grievance', which is not enabled. "
        "Add it to ENABLED_MODULES or disable 'channels'."
    )


def test_an_unknown_module_is_refused():
    with pytest.raises(ModuleError, match="Unknown module"):
        resolve(["org", "ghost"], FAKE)


def test_nothing_named_means_every_module():
    assert {m.name for m in resolve([], FAKE)} == set(FAKE)


def test_the_shipped_manifests_are_consistent():
    known = available()
    assert {"base", "org"} <= set(known)
    resolve(sorted(known), known)


def _routes_with(enabled: str) -> dict:
    """Build the app in a fresh process (one Flask-AppBuilder app per process)."""
    script = (
        "import json; from app import create_app; app = create_app();"
        "print(json.dumps({'rules': sorted(r.rule for r in app.url_map.iter_rules()),"
        " 'roles': app.config['FAB_ROLES'], 'modules': app.config['JANSEVA_MODULES']}))"
    )
    env = {**os.environ, "ENABLED_MODULES": enabled, "DATABASE_URL": "sqlite://"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_disabled_module_has_no_route_menu_or_permission():
    app = _routes_with("base")
    assert app["modules"] == ["base"]
    assert not any(r.startswith(("/departmentview", "/api/v1/department")) for r in app["rules"])
    clerk = json.dumps(app["roles"]["Clerk"])
    assert "Department" not in clerk and "Organisation" not in clerk
    assert "/healthz" in app["rules"]


def _start(**environment) -> subprocess.CompletedProcess:
    """Start the app in a fresh process with these settings."""
    return subprocess.run(
        [sys.executable, "-c", "from app import create_app; create_app()"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": "sqlite://", **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_missing_dependency_stops_the_app_from_starting():
    done = _start(ENABLED_MODULES="org,ghost")
    assert done.returncode != 0
    assert "Unknown module(s) in ENABLED_MODULES: ghost" in done.stderr


@pytest.mark.modules("payments")
def test_a_payee_address_that_is_not_a_vpa_stops_the_app_from_starting():
    done = _start(UPI_VPA="janseva demo")
    assert done.returncode != 0
    assert "UPI_VPA 'janseva demo' is not a UPI address" in done.stderr
