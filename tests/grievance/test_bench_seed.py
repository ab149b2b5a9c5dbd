"""`flask --app run bench seed` on a database of its own, as an operator runs it."""

import os
import re
import sqlite3
import subprocess
import sys

from app.services.grievance.tracking import damm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def flask(database, *args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "FLASK_APP": "run"}
    done = subprocess.run(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_seed_fills_a_fresh_database_with_consistent_tickets(tmp_path):
    database = tmp_path / "bench.db"
    flask(database, "db", "upgrade")
    flask(database, "demo")
    out = flask(
        database,
        "bench",
        "seed",
        "--tickets",
        "3000",
        "--citizens",
        "500",
        "--wards",
        "40",
        "--departments",
        "10",
    )
    assert "tickets: 3000" in out and "citizens: 500" in out
    rows = (
        sqlite3.connect(database)
        .execute(
            "SELECT id, tracking_no, state, first_response_due < datetime('now') FROM ticket "
            "WHERE description = 'Bench complaint'"
        )
        .fetchall()
    )
    assert len(rows) == 3000
    assert all(no == f"JS-{pk}{damm(str(pk))}" for pk, no, _, _ in rows)
    overdue_open = sum(
        1 for _, _, state, late in rows if late and state in ("new", "assigned", "in_progress")
    )
    assert 10 <= overdue_open <= 60  # about 1% of the tickets are past their first deadline
    swept = flask(database, "sla", "sweep")
    bench_breaches = (
        sqlite3.connect(database)
        .execute(
            "SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id "
            "WHERE t.description = 'Bench complaint' AND json_extract(e.data, '$.due') IS NOT NULL"
            " AND e.kind IN ('sla_breach', 'escalated')"
        )
        .fetchone()[0]
    )
    assert bench_breaches == overdue_open  # each overdue ticket's first response, once
    # the demo's police calls may climb in the same sweep (they are made to)
    assert int(re.search(r"breaches: (\d+)", swept).group(1)) >= overdue_open
    again = flask(
        database,
        "bench",
        "seed",
        "--tickets",
        "500",
        "--citizens",
        "500",
        "--wards",
        "40",
        "--departments",
        "10",
    )  # adds to what is there
    assert "tickets: 500" in again
    total = sqlite3.connect(database).execute("SELECT count(*) FROM ward").fetchone()[0]
    assert total == 40
