"""An existing deployment upgrades to the organisation tree (issue 20, item 8): a database at
0022_text_limits with departments, wards, officers and tickets with their timelines migrates to
every head, and then everything sits in one root unit, each ticket's level is its old
escalation level + 1, and the history is untouched."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.database_helpers import SiblingDatabase

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["suite", "sqlite"])
def database(request):
    """An empty database beside the suite's: on the suite's server, and a SQLite file."""
    url = os.environ.get("DATABASE_URL") if request.param == "suite" else None
    if request.param == "suite" and not (url or "").startswith("postgres"):
        pytest.skip("the suite runs on SQLite: the sqlite case is this one")
    sibling = SiblingDatabase(url, "upgrade")
    sibling.create()
    yield sibling.url
    sibling.drop()


def upgraded(database: str) -> dict:
    environment = {**os.environ, "DATABASE_URL": database}
    environment.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "tests.org.upgrade_helpers"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_old_deployment_becomes_a_one_level_tree_keeping_its_history(database):
    shown = upgraded(database)
    before, after = shown["before"], shown["after"]
    ((root, name, name_hi, parent, path, depth),) = after["units"]
    assert (name, name_hi, parent, path, depth) == (
        "Head office",
        "मुख्य कार्यालय",
        None,
        f"/{root}/",
        0,
    )
    for table in ("ward", "officer", "department", "ticket"):
        assert after[table] and {unit for _id, unit in after[table]} == {root}, table
    old = dict(map(tuple, before["levels"]))
    assert dict(map(tuple, after["levels"])) == {pk: level + 1 for pk, level in old.items()}
    assert sorted(old.values()) == [0, 1, 1]
    assert after["timeline"] == before["timeline"]  # every event, its time, actor and data
    assert after["users"] == before["users"]  # department scope unchanged
    assert after["officer_wards"] == before["officer_wards"]
    assert after["staff_units"] == []  # no login is given a unit
