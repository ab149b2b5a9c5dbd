"""Deployments of part of the system: a police control room, a post office and a municipality
without a post office each migrate a database of their own, load their demo and serve, with
no route, menu, job or permission of a module they leave out. (`make test-profiles` also runs
each profile's modules' own tests.)"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.database_helpers import SiblingDatabase

ROOT = Path(__file__).resolve().parent.parent
PROFILES = {
    "police control room": "org,grievance,channels,dashboard",
    "post office": "org,grievance,payments,postal",
    "municipality without postal": "org,grievance,channels,open311,payments,portal,dashboard",
}


@pytest.fixture
def database():
    """A database of the profile's own, beside the suite's."""
    sibling = SiblingDatabase(os.environ.get("DATABASE_URL"), "profile")
    sibling.create()
    yield sibling.url
    sibling.drop()


def deploy(enabled: str, database: str) -> dict:
    environment = {**os.environ, "ENABLED_MODULES": enabled, "DATABASE_URL": database}
    environment.pop("REDIS_URL", None)  # its own jobs run in-process: no shared queue
    done = subprocess.run(
        [sys.executable, "-m", "tests.profile_helpers"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("profile", PROFILES)
def test_a_profile_serves_only_its_modules(profile, database):
    shown = deploy(PROFILES[profile], database)
    enabled, everything = set(shown["enabled"]), shown["modules"]
    left_out = set(everything) - enabled
    assert left_out, "a profile leaves something out"
    granted = json.dumps(shown["roles"])
    for name in left_out:
        module = everything[name]
        for blueprint in module["blueprints"]:
            assert not any(e.startswith(f"{blueprint}.") for e in shown["endpoints"]), blueprint
        for view in module["views"]:
            assert not any(e.startswith(f"{view}.") for e in shown["endpoints"]), view
            assert f'"{view}"' not in granted or any(
                view in everything[other]["views"] for other in enabled
            ), f"{profile}: a role may use {view} of {name}"
        assert not set(module["menus"]) & set(shown["menus"]), f"{name}'s menu shows"
        assert not set(module["jobs"]) & set(shown["jobs"]), f"{name}'s jobs run"
    for name in enabled:
        assert set(everything[name]["menus"]) <= set(shown["menus"]), f"{name}'s menu is missing"
        assert set(everything[name]["jobs"]) <= set(shown["jobs"]), f"{name}'s jobs do not run"
    assert shown["pages"] and set(shown["pages"].values()) == {200}, shown["pages"]
    assert shown["home"][0] == 200
    assert shown["demo"]["departments"] > 0 and shown["demo"]["users"] > 0


def test_each_profile_loads_its_own_demo(database):
    police = deploy(PROFILES["police control room"], database)
    assert police["demo"]["tickets"] > 0
    assert "articles" not in police["demo"] and "tariff bands" not in police["demo"]
    assert "Pay a fee or bill" not in police["home"][1]  # no portal: the login page
