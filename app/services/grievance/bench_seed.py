"""Realistic volume for benchmarks: `flask --app run bench seed --tickets N` adds departments,
wards, an organisation tree (HQ, districts, police stations; bench_tree), skewed categories,
officers, citizens and N tickets in bulk (not through the intake service: a million tickets
would take hours), with 1% of open tickets past a deadline."""

import random
from datetime import timedelta

from sqlalchemy import func, insert, text

from app.core.clock import utc_now
from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.citizen import Citizen
from app.models.grievance.ticket import Channel, SlaTimer, Ticket, TicketState
from app.models.org import Category, CategoryKind, Department, Officer, Ward, officer_ward
from app.services.grievance import bench_tree, sla, ticket_states
from app.services.grievance.tracking import format_tracking_no

BATCH = 10_000
OPEN_SHARE = 0.3


def seed(
    tickets: int,
    citizens: int = 300_000,
    wards: int = 200,
    departments: int = 30,
    seed_value: int = 7,
    districts: int = 75,
    stations: int = 4,
) -> dict:
    rng = random.Random(seed_value)  # noqa: S311 - reproducible test data, not secrets
    department_ids = _departments(departments)
    ward_ids = _wards(wards)
    units = bench_tree.seed_tree(ward_ids, districts, stations)
    categories = _categories(department_ids, rng)
    officers = _officers(department_ids, ward_ids, rng)
    citizen_ids = _citizens(citizens)
    made = _tickets(tickets, categories, units, citizen_ids, officers, rng)
    return {
        "departments": len(department_ids),
        "wards": len(ward_ids),
        "districts": districts,
        "stations": districts * stations,
        "categories": len(categories),
        "citizens": len(citizen_ids),
        "tickets": made,
    }


def _departments(count):
    existing = db.session.query(func.count(Department.id)).scalar()
    for n in range(existing, count):
        db.session.add(Department(code=f"D{n:02d}", name=f"Department {n}", active=True))
    db.session.commit()
    return [d for (d,) in db.session.query(Department.id).order_by(Department.id).limit(count)]


def _wards(count):
    have = {n for (n,) in db.session.query(Ward.number)}
    missing = [{"number": n, "name": f"Ward {n}"} for n in range(1, count + 1) if n not in have]
    if missing:  # an empty insert() would add one row of defaults
        db.session.execute(insert(Ward), missing)
        db.session.commit()
    return [w for (w,) in db.session.query(Ward.id).order_by(Ward.number).limit(count)]


def _categories(department_ids, rng):
    for n, department_id in enumerate(department_ids * 2):
        code = f"BENCH-{n:03d}"
        if not db.session.query(Category.id).filter_by(code=code).first():
            db.session.add(
                Category(
                    code=code,
                    name=f"Category {n}",
                    department_id=department_id,
                    kind=rng.choice(list(CategoryKind)),
                    active=True,
                    first_response_minutes=60,
                    primary_action_minutes=720,
                    resolution_hours=72,
                )
            )
    db.session.commit()
    rows = db.session.query(Category.id, Category.department_id, Category.kind).all()
    return rows


def _officers(department_ids, ward_ids, rng):
    """Five officers per department, each serving a few wards (logins without passwords)."""
    officers = {}
    for department_id in department_ids:
        existing = db.session.query(Officer.id).filter_by(department_id=department_id).all()
        for n in range(len(existing), 5):
            user = StaffUser(
                first_name="Bench",
                last_name=f"{department_id}-{n}",
                username=f"bench-{department_id}-{n}",
                active=True,
                email=f"bench-{department_id}-{n}@bench.example",
                department_id=department_id,
            )
            db.session.add(user)
            db.session.flush()
            officer = Officer(user_id=user.id, department_id=department_id, available=True)
            db.session.add(officer)
            db.session.flush()
            db.session.execute(
                insert(officer_ward),
                [{"officer_id": officer.id, "ward_id": w} for w in rng.sample(ward_ids, 8)],
            )
        officers[department_id] = [
            o for (o,) in db.session.query(Officer.id).filter_by(department_id=department_id)
        ]
    db.session.commit()
    return officers


def _citizens(count):
    have = db.session.query(func.count(Citizen.id)).scalar()
    start = db.session.query(func.coalesce(func.max(Citizen.id), 0)).scalar() + 1
    rows = [
        {
            "id": start + n,
            "name": f"Citizen {start + n}",
            "phone": f"+9170{start + n:08d}",
            "language": ("hi", "bn", "fa", "en")[n % 4],
        }
        for n in range(max(0, count - have))
    ]
    for chunk in range(0, len(rows), BATCH):
        db.session.execute(insert(Citizen), rows[chunk : chunk + BATCH])
        db.session.commit()
    _fix_sequence("citizen")
    return [c for (c,) in db.session.query(Citizen.id)]


def _tickets(count, categories, units, citizen_ids, officers, rng):
    """`units`: each ward's station, which holds the ward's tickets."""
    ward_ids = list(units)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(categories))]  # Zipf-like skew
    now = utc_now()
    start = db.session.query(func.coalesce(func.max(Ticket.id), 0)).scalar() + 1
    open_states = [TicketState.new, TicketState.assigned, TicketState.in_progress]
    closed_states = [TicketState.resolved, TicketState.closed, TicketState.rejected]
    for chunk in range(0, count, BATCH):
        rows = []
        for n in range(chunk, min(count, chunk + BATCH)):
            ticket_id = start + n
            category_id, department_id, kind = rng.choices(categories, weights)[0]
            ward_id = rng.choice(ward_ids)
            is_open = rng.random() < OPEN_SHARE
            overdue = is_open and rng.random() < 0.01 / OPEN_SHARE  # 1% of all tickets
            if overdue:  # first response an hour late by now
                created = now - timedelta(minutes=rng.randint(61, 120))
            elif is_open:  # recent and on track
                created = now - timedelta(minutes=rng.randint(0, 30))
            else:
                created = now - timedelta(minutes=rng.randint(60, 60 * 24 * 365))
            state = rng.choice(open_states if is_open else closed_states)
            first_due = created + timedelta(hours=1)
            action_due = created + timedelta(hours=12)
            resolution_due = created + timedelta(hours=72)
            rows.append(
                {
                    "id": ticket_id,
                    "tracking_no": format_tracking_no(ticket_id),
                    "kind": kind,
                    "category_id": category_id,
                    "department_id": department_id,
                    "ward_id": ward_id,
                    "org_unit_id": units[ward_id],
                    "citizen_id": rng.choice(citizen_ids),
                    "assignee_id": rng.choice(officers[department_id]),
                    "channel": rng.choice(list(Channel)),
                    "priority": "normal",
                    "state": state,
                    "description": "Bench complaint",
                    "created_at": created,
                    "updated_at": created,
                    **_milestones(rng, created, state, is_open),
                    "first_response_due": first_due,
                    "primary_action_due": action_due,
                    "resolution_due": resolution_due,
                    "level": 1,
                }
            )
        db.session.execute(insert(Ticket), rows)
        db.session.execute(insert(SlaTimer), [timer for row in rows for timer in _timers(row)])
        db.session.commit()
    _fix_sequence("ticket")
    return count


def _milestones(rng, created, state, is_open) -> dict:
    """A closed ticket's first response (one in six after its one-hour target) and, when
    fixed, its resolution a few hours to days later (some past the 72-hour target)."""
    none = dict.fromkeys(("first_response_at", "primary_action_at", "resolved_at", "closed_at"))
    if is_open:
        return none
    answered = created + timedelta(minutes=rng.randint(2, 72))
    if state == TicketState.rejected:
        return none | {"first_response_at": answered, "closed_at": answered}
    resolved = answered + timedelta(minutes=rng.randint(30, 60 * 90))
    return {
        "first_response_at": answered,
        "primary_action_at": answered,
        "resolved_at": resolved,
        "closed_at": resolved if state == TicketState.closed else None,
    }


def _timers(row: dict) -> list[dict]:
    """An open ticket's SLA timers, as intake arms them."""
    if not ticket_states.is_open(row["state"]):
        return []
    return [
        sla.first_timer(row["id"], target, row["created_at"], row[due])
        for target, (due, _) in sla.TARGETS.items()
    ]


SEQUENCE_FIXES = {  # ids were given explicitly: move each sequence past them
    table: text(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608,E501 - fixed table names
    )
    for table in ("citizen", "ticket")
}


def _fix_sequence(table: str) -> None:
    if db.engine.dialect.name == "postgresql":
        db.session.execute(SEQUENCE_FIXES[table])
        db.session.execute(text(f"ANALYZE {table}"))
        db.session.commit()
