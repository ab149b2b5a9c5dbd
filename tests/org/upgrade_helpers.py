"""Run as `python -m tests.org.upgrade_helpers` with DATABASE_URL set (an empty database): migrate
to 0022_text_limits, write a deployment's data as it stood then (departments, wards, officers,
categories, a citizen, tickets at escalation levels 0 and 1 with their timelines), upgrade to
every head, and print (as JSON) the data before and after. Flask-AppBuilder allows one app per
process, so the upgrade gets its own."""

import datetime
import json
import sys

import flask_migrate
import sqlalchemy as sa

from app import create_app
from app.extensions import db

BEFORE = "0022_text_limits"
MOMENT = datetime.datetime(2026, 3, 2, 9, 30)
DUMMIES = {
    sa.String: "x",
    sa.Text: "x",
    sa.Integer: 0,
    sa.BigInteger: 0,
    sa.Boolean: False,
    sa.Float: 0.0,
    sa.Numeric: 0,
    sa.DateTime: MOMENT,
    sa.Date: MOMENT.date(),
    sa.JSON: {},
    sa.LargeBinary: b"",
}


def insert(conn, table_name: str, **values) -> int | None:
    """A row as the old schema takes it: the values given, and a plain value in each other
    column that needs one (no default, not null)."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=conn)
    for column in table.columns:
        needed = not column.nullable and column.server_default is None
        if column.name in values or not needed or column.autoincrement is True:
            continue
        if column.primary_key and len(table.primary_key.columns) == 1:
            continue
        values[column.name] = next(
            value for kind, value in DUMMIES.items() if isinstance(column.type, kind)
        )
    result = conn.execute(table.insert().values(**values))
    keys = result.inserted_primary_key
    return keys[0] if keys else None


def old_data(conn) -> dict:
    water = insert(conn, "department", code="WATER", name="Water & Drainage", active=True)
    roads = insert(conn, "department", code="ROADS", name="Roads", active=True)
    wards = [insert(conn, "ward", number=n, name=f"Ward {n}", zone="North") for n in (1, 2)]
    clerk = insert(
        conn,
        "ab_user",
        username="old_clerk",
        first_name="Old",
        last_name="Clerk",
        email="old_clerk@example.org",
        active=True,
        password="x",
        department_id=water,
    )
    field = insert(
        conn,
        "ab_user",
        username="old_officer",
        first_name="Old",
        last_name="Officer",
        email="old_officer@example.org",
        active=True,
        password="x",
        department_id=water,
    )
    officer = insert(
        conn, "officer", user_id=field, department_id=water, language="hi", available=True
    )
    insert(conn, "officer_ward", officer_id=officer, ward_id=wards[0])
    drain = insert(
        conn,
        "category",
        code="DRAIN",
        name="Blocked drain",
        department_id=water,
        kind="complaint",
        first_response_minutes=30,
        primary_action_minutes=240,
        resolution_hours=24,
        active=True,
    )
    citizen = insert(conn, "citizen", name="Anita Sharma", phone="+919812345601", language="hi")
    tickets = []
    for number, (level, ward) in enumerate([(0, wards[0]), (1, wards[1]), (1, None)], start=1):
        created = MOMENT + datetime.timedelta(minutes=number)
        ticket = insert(
            conn,
            "ticket",
            tracking_no=f"JS-OLD-{number}",
            kind="complaint",
            category_id=drain,
            department_id=water,
            ward_id=ward,
            citizen_id=citizen,
            assignee_id=officer if level == 0 else None,
            channel="walk_in",
            priority="normal",
            state="assigned" if level == 0 else "new",
            description=f"Drain blocked ({number})",
            created_at=created,
            updated_at=created,
            first_response_due=created + datetime.timedelta(minutes=30),
            primary_action_due=created + datetime.timedelta(hours=4),
            resolution_due=created + datetime.timedelta(hours=24),
            escalation_level=level,
            escalated_at=created + datetime.timedelta(minutes=31) if level else None,
        )
        tickets.append(ticket)
        events = [("created", {"channel": "walk_in"}, True, None)]
        if level:
            missed = {"target": "first_response", "due": "2026-03-02T10:00:00", "level": 1}
            events.append(("escalated", missed, False, None))
        else:
            events.append(("assigned", {"officer": "Old Officer"}, False, clerk))
        for offset, (kind, data, public, actor) in enumerate(events):
            insert(
                conn,
                "ticket_event",
                ticket_id=ticket,
                kind=kind,
                at=created + datetime.timedelta(seconds=offset),
                actor_id=actor,
                public=public,
                data=data,
            )
    return {"departments": [water, roads], "wards": wards, "officers": [officer]}


def rows(conn, query: str) -> list:
    return [list(row) for row in conn.execute(sa.text(query))]


def snapshot(conn) -> dict:
    return {
        "timeline": rows(conn, "SELECT * FROM ticket_event ORDER BY id"),
        "users": rows(conn, "SELECT username, department_id FROM ab_user ORDER BY id"),
        "officer_wards": rows(conn, "SELECT * FROM officer_ward ORDER BY officer_id, ward_id"),
    }


def main() -> None:
    app = create_app({"TESTING": True, "SERVER_NAME": None})
    with app.app_context():
        flask_migrate.upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            ids = old_data(conn)
            before = snapshot(conn)
            before["levels"] = rows(conn, "SELECT id, escalation_level FROM ticket ORDER BY id")
        db.engine.dispose()
        flask_migrate.upgrade(revision="heads")
        with db.engine.connect() as conn:
            after = snapshot(conn)
            after["levels"] = rows(conn, "SELECT id, level FROM ticket ORDER BY id")
            after["units"] = rows(
                conn, "SELECT id, name, name_hi, parent_id, path, depth FROM org_unit"
            )
            for table in ("ward", "officer", "department", "ticket"):
                held = sa.table(table, sa.column("id"), sa.column("org_unit_id"))
                query = sa.select(held.c.id, held.c.org_unit_id).order_by(held.c.id)
                after[table] = [list(row) for row in conn.execute(query)]
            after["staff_units"] = rows(conn, "SELECT * FROM staff_unit")
    print(json.dumps({"ids": ids, "before": before, "after": after}, default=str))


if __name__ == "__main__":
    sys.exit(main())
