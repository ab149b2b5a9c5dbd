"""Grievance desk at volume: citizen-history lookup, a clerk's ticket list page, one SLA sweep
with 1% of tickets past due, and tickets created per second through the intake service.

    flask --app run bench seed --tickets 1000000        # once, into DATABASE_URL
    python bench/grievance.py                            # prints figures and the data size
"""

import gc
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("RATELIMIT_ENABLED", "0")

from figures import percentiles, timed  # noqa: E402 - after the path is set


def main() -> None:
    from sqlalchemy import func, select

    from app import create_app
    from app.core.clock import utc_now
    from app.extensions import db
    from app.models.base import StaffUser
    from app.models.grievance.citizen import Citizen
    from app.models.grievance.ticket import SlaTimer, Ticket
    from app.models.org import Category
    from app.services.grievance import sla_sweep, ticket_states, tickets

    app = create_app({"WTF_CSRF_ENABLED": False, "NOTIFY_SMS_URL": None})
    gc.freeze()  # the app's objects live as long as the process: keep them out of collections
    rng = random.Random(11)  # noqa: S311 - sampling, not secrets
    with app.app_context():
        total = db.session.query(func.count(Ticket.id)).scalar()
        citizens = db.session.query(func.count(Citizen.id)).scalar()
        open_count = (
            db.session.query(func.count(Ticket.id))
            .filter(Ticket.state.in_(ticket_states.open_states()))
            .scalar()
        )
        clerk = db.session.query(StaffUser).filter_by(username="clerk_water").one()
        department_tickets = (
            db.session.query(func.count(Ticket.id))
            .filter_by(department_id=clerk.department_id)
            .scalar()
        )
        max_citizen = db.session.query(func.max(Citizen.id)).scalar()
        print(
            f"data: {total} tickets ({open_count} open), {citizens} citizens; "
            f"{db.engine.dialect.name}"
        )

        history = timed(lambda: tickets.history(rng.randint(1, max_citizen)), 500)
        print(f"citizen history lookup:        {percentiles(history)}")

    client = app.test_client()
    client.post(
        "/login/",
        data={
            "username": "clerk_water",
            "password": os.environ.get("DEMO_PASSWORD", "janseva-demo"),
        },
    )
    client.get("/ticketview/list/")
    pages = timed(lambda: client.get("/ticketview/list/"), 40)
    print(
        f"clerk ticket list page:        {percentiles(pages)}  "
        f"({department_tickets} tickets in the clerk's department)"
    )
    overdue = timed(
        lambda: client.get("/ticketview/list/?_oc_TicketView=resolution_due&_od_TicketView=asc"), 20
    )
    print(f"  sorted by resolution due:    {percentiles(overdue)}")

    with app.app_context():
        due = db.session.scalar(select(func.count()).where(SlaTimer.fires_at <= utc_now()))
        started = time.perf_counter()
        done = sla_sweep.sweep()
        print(
            f"one SLA sweep:                 {(time.perf_counter() - started) * 1000:7.0f} ms for "
            f"{due} due timers ({due / total:.1%} of tickets): {done['breaches']} breaches "
            f"recorded, {done['escalations']} escalations, {done['warnings']} warnings; rounds "
            f"of {sla_sweep.BATCH}, {sla_sweep.SWEEPERS} sweepers"
        )

    supervisor = app.test_client()
    supervisor.post(
        "/login/",
        data={
            "username": "supervisor",
            "password": os.environ.get("DEMO_PASSWORD", "janseva-demo"),
        },
    )
    escalations = timed(lambda: supervisor.get("/escalationview/list/"), 20)
    print(f"supervisor's escalations page: {percentiles(escalations)}")

    with app.app_context():
        category = db.session.query(Category.id).filter_by(code="DRAIN").scalar()
        count, started = 300, time.perf_counter()
        for n in range(count):
            tickets.create_ticket(
                category_id=category,
                description="Bench intake",
                contact={"phone": f"+9171{n:08d}"},
                channel="api",
                ward_id=None,
            )
        rate = count / (time.perf_counter() - started)
        print(
            f"intake through the service:    {rate:7.1f} tickets/s (with routing, SLA, "
            f"timeline and outbox; {count} tickets)"
        )


if __name__ == "__main__":
    main()
