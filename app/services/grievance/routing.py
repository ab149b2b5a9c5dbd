"""Who gets a new ticket: the category names the department; among its available officers who
serve the ticket's ward (else who are posted at the unit holding it), the one with the fewest
open tickets; otherwise the department queue."""

from functools import cache

from flask import current_app
from sqlalchemy import bindparam, func, select

from app.core import languages
from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.models.org import Category, Officer, officer_ward
from app.services.grievance import ticket_states, timeline


def open_loads(
    department_id: int, ward_id: int | None, org_unit_id: int | None = None
) -> dict[int, int]:
    """The department's available officers who serve the ward (every ward when None), else
    those posted at the unit, each with the number of open tickets assigned to them."""
    params = {"department_id": department_id, "ward_id": ward_id, "org_unit_id": org_unit_id}
    loads = dict(db.session.execute(_loads_query("ward" if ward_id else None), params).all())
    if ward_id is not None and not loads and org_unit_id is not None:
        loads = dict(db.session.execute(_loads_query("unit"), params).all())
    return loads


@cache
def _loads_query(by: str | None):
    """Built once: SQLAlchemy then finds its compiled form at once (each intake asks it)."""
    open_ticket = (Ticket.assignee_id == Officer.id) & Ticket.state.in_(ticket_states.open_states())
    query = (
        select(Officer.id, func.count(Ticket.assignee_id))  # counted from the index alone
        .outerjoin(Ticket, open_ticket)
        .where(Officer.department_id == bindparam("department_id"), Officer.available.is_(True))
        .group_by(Officer.id)
    )
    if by == "ward":
        query = query.join(officer_ward, officer_ward.c.officer_id == Officer.id).where(
            officer_ward.c.ward_id == bindparam("ward_id")
        )
    elif by == "unit":
        query = query.where(Officer.org_unit_id == bindparam("org_unit_id"))
    return query


def route(ticket: Ticket, actor=None) -> Officer | None:
    """Set the department and the assignee; the timeline says why."""
    ticket.department_id = ticket.category.department_id
    load = open_loads(ticket.department_id, ticket.ward_id, ticket.org_unit_id)
    if not load:
        ticket.assignee_id = None
        timeline.record(
            ticket,
            "routed",
            actor,
            department=ticket.category.department.code,
            reason="no_available_officer",
        )
        return None
    chosen = db.session.get(
        Officer, min(load, key=lambda officer_id: (load[officer_id], officer_id))
    )
    ticket.assignee_id = chosen.id
    timeline.record(
        ticket,
        "routed",
        actor,
        department=ticket.category.department.code,
        reason="fewest_open_tickets",
        officer=str(chosen),
        open_tickets=load[chosen.id],
        candidates=len(load),
    )
    return chosen


def guess_category(text: str) -> Category:
    """The category a free-text complaint (e-mail, X) speaks of: the one sharing the most words
    with its name in any language; INTAKE_CATEGORY when none does, for a clerk to sort."""
    words = {word for word in languages.words(text).split() if len(word) > 2}
    best, best_score = None, 0
    for category in db.session.scalars(select(Category).where(Category.active.is_(True))):
        names = (category.name, category.name_hi, category.name_bn, category.name_fa)
        score = len(
            words & {word for name in names if name for word in languages.words(name).split()}
        )
        if score > best_score:
            best, best_score = category, score
    if best is not None:
        return best
    code = current_app.config["INTAKE_CATEGORY"]
    return db.session.scalars(select(Category).where(Category.code == code)).one()
