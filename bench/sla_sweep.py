"""SLA sweep with 1% of timers due, escalation ladders applied: a tree of 75 districts under
the head office with 3 police stations each (heads on every district and most stations; a
few stations without one, so the climb skips them), wards spread over the stations, every
ticket in its ward's station, and ladder steps (a default ladder and per-category steps).

    flask --app run bench seed --tickets 1000000      # once, into DATABASE_URL
    python bench/sla_sweep.py prepare                 # once: the tree, heads, ladder steps
    python bench/sla_sweep.py [--tree /work/main]     # one sweep, on a copy of the database

The sweep runs at the seed's own "now" (its newest ticket's time plus a minute), when exactly
the 1% of tickets seeded late have a due timer, however long ago the seed ran. `--tree` runs
another checkout's code (e.g. main, before the ladders) on the same data: the sweep changes
the database, so give each run its own copy (CREATE DATABASE ... TEMPLATE ...).
"""

import argparse
import gc
import os
import sys
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DISTRICTS, STATIONS = 75, 3
HEADLESS_EVERY = 10  # every tenth station has no head: its tickets climb to the district


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", nargs="?", default="sweep", choices=("sweep", "prepare"))
    parser.add_argument("--tree", default=HERE, help="the checkout whose code runs")
    args = parser.parse_args()
    sys.path.insert(0, args.tree)
    os.environ.setdefault("RATELIMIT_ENABLED", "0")
    from app import create_app

    app = create_app({"WTF_CSRF_ENABLED": False, "NOTIFY_SMS_URL": None})
    gc.freeze()
    with app.app_context():
        prepare() if args.action == "prepare" else sweep(args.tree)


def prepare() -> None:
    from sqlalchemy import func, text

    from app.extensions import db
    from app.models.base import StaffUser
    from app.models.grievance.ticket import Ticket
    from app.models.org import Category, Department, LadderStep, Officer, OrgUnit, Ward
    from app.services.org import tree

    root = db.session.query(OrgUnit).filter(OrgUnit.parent_id.is_(None)).order_by(OrgUnit.id)
    root = root.first() or _unit(db, OrgUnit, tree, "Head office", None)
    department = db.session.query(Department.id).order_by(Department.id).first()[0]
    root.head_id = root.head_id or _user(db, StaffUser, "bench-dgp").id
    stations = []
    for d in range(DISTRICTS):
        district = _unit(db, OrgUnit, tree, f"Bench district {d}", root.id)
        district.head_id = district.head_id or _user(db, StaffUser, f"bench-sp-{d}").id
        for s in range(STATIONS):
            station = _unit(db, OrgUnit, tree, f"Bench station {d}-{s}", district.id)
            n = d * STATIONS + s
            if n % HEADLESS_EVERY and station.head_id is None:
                head = _user(db, StaffUser, f"bench-sho-{n}")
                station.head_id = head.id
                if n % 3:  # two in three heads are officers with a mobile: alerted by SMS
                    db.session.add(
                        Officer(
                            user_id=head.id,
                            department_id=department,
                            phone=f"+9197{n:08d}",
                            language=("hi", "bn", "en")[n % 3],
                            available=False,
                            org_unit_id=station.id,
                        )
                    )
            stations.append(station.id)
    db.session.flush()
    for n, ward in enumerate(db.session.query(Ward).order_by(Ward.id)):
        ward.org_unit_id = stations[n % len(stations)]
    steps = {(None, 2): 30, (None, 3): 60, (None, 4): 120}
    for (category,) in db.session.query(Category.id).order_by(Category.id).limit(20):
        steps |= {(category, 2): 20, (category, 3): 45}
    for (category, level), minutes in steps.items():
        found = db.session.query(LadderStep).filter_by(category_id=category, level=level).first()
        if found is None:
            db.session.add(LadderStep(category_id=category, level=level, minutes=minutes))
    db.session.commit()
    top = db.session.query(func.max(Ticket.id)).scalar()
    for start in range(0, top + 1, 100_000):  # tickets to their ward's station, in slices
        db.session.execute(
            text(
                "UPDATE ticket t SET org_unit_id = w.org_unit_id FROM ward w "
                "WHERE w.id = t.ward_id AND t.id >= :a AND t.id < :b "
                "AND t.org_unit_id IS DISTINCT FROM w.org_unit_id"
            ),
            {"a": start, "b": start + 100_000},
        )
        db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE ticket"))
        conn.execute(text("VACUUM ANALYZE org_unit"))
    print(f"prepared: {len(stations)} stations under {DISTRICTS} districts, {len(steps)} steps")


def _unit(db, OrgUnit, tree, name, parent_id):  # noqa: N803 - the model, passed in
    unit = db.session.query(OrgUnit).filter_by(name=name).first()
    if unit is None:
        unit = OrgUnit(name=name, parent_id=parent_id, level_name="Bench")
        tree.place(unit)
    return unit


def _user(db, StaffUser, username):  # noqa: N803
    user = db.session.query(StaffUser).filter_by(username=username).first()
    if user is None:
        user = StaffUser(
            first_name="Bench",
            last_name=username,
            username=username,
            email=f"{username}@bench.example",
            active=True,
        )
        db.session.add(user)
        db.session.flush()
    return user


def sweep(tree: str) -> None:
    from datetime import timedelta

    from sqlalchemy import func, select

    from app.extensions import db
    from app.models.grievance.ticket import SlaTimer, Ticket
    from app.models.org import LadderStep, OrgUnit
    from app.services.grievance import sla_sweep

    total = db.session.scalar(select(func.count(Ticket.id)))
    now = db.session.scalar(select(func.max(Ticket.created_at))) + timedelta(minutes=1)
    due = db.session.scalar(select(func.count()).where(SlaTimer.fires_at <= now))
    units = db.session.scalar(select(func.count(OrgUnit.id)))
    heads = db.session.scalar(select(func.count(OrgUnit.head_id)))
    steps = db.session.scalar(select(func.count(LadderStep.id)))
    print(
        f"data: {total} tickets, {due} due timers ({due / total:.2%}); {units} units "
        f"({heads} with a head), {steps} ladder steps; code: {tree}"
    )
    started = time.perf_counter()
    done = sla_sweep.sweep(now)
    took = (time.perf_counter() - started) * 1000
    levels = db.session.execute(
        select(Ticket.level, func.count()).where(Ticket.level > 1).group_by(Ticket.level)
    ).all()
    print(
        f"SLA sweep with 1% of timers due: {took:7.0f} ms: {done['breaches']} breaches, "
        f"{done['escalations']} escalations, {done['warnings']} warnings; rounds of "
        f"{sla_sweep.BATCH}, {sla_sweep.SWEEPERS} sweepers; levels now "
        f"{', '.join(f'{level}: {count}' for level, count in sorted(levels))}"
    )


if __name__ == "__main__":
    main()
