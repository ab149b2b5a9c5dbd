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
    _check_tree(sqlite3.connect(database))
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


def _check_tree(db):
    """HQ, 75 districts with a head each, 4 stations per district; every ward under a
    station, every ticket held by its ward's station; 15 HQ desks watching 5 districts each."""
    (hq,) = db.execute("SELECT path FROM org_unit WHERE name = 'Bench HQ'").fetchone()
    districts = db.execute(
        "SELECT u.path, h.username FROM org_unit u JOIN ab_user h ON h.id = u.head_id "
        "WHERE u.level_name = 'District' AND u.path LIKE ? || '%'",
        (hq,),
    ).fetchall()
    assert len(districts) == 75 and ("bench-sp-01" in {head for _, head in districts})
    stations = db.execute(
        "SELECT count(*) FROM org_unit WHERE level_name = 'Police station' AND depth = 2 "
        "AND head_id IS NOT NULL AND path LIKE ? || '%'",
        (hq,),
    ).fetchone()[0]
    assert stations == 300
    misplaced = db.execute(
        "SELECT count(*) FROM ticket t JOIN ward w ON w.id = t.ward_id "
        "WHERE t.description = 'Bench complaint' AND t.org_unit_id IS NOT w.org_unit_id"
    ).fetchone()[0]
    assert misplaced == 0
    desks = db.execute(
        "SELECT u.username, count(*) FROM staff_unit s JOIN ab_user u ON u.id = s.user_id "
        "WHERE u.username LIKE 'bench-desk-%' GROUP BY u.username"
    ).fetchall()
    assert len(desks) == 15 and {count for _, count in desks} == {5}
