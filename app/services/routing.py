"""Who gets a new ticket: the category names the department; among its available officers who
serve the ticket's ward, the one with the fewest open tickets; otherwise the department queue."""

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.models.org import Category, Officer, officer_ward
from app.models.ticket import Ticket
from app.services import languages, ticket_states, timeline


def open_load(officer_ids: list[int]) -> dict[int, int]:
    if not officer_ids:
        return {}
    rows = db.session.execute(
        select(Ticket.assignee_id, func.count())
        .where(Ticket.assignee_id.in_(officer_ids), Ticket.state.in_(ticket_states.open_states()))
        .group_by(Ticket.assignee_id)
    )
    return dict(rows.all())


def candidates(department_id: int, ward_id: int | None) -> list[Officer]:
    query = select(Officer).where(
        Officer.department_id == department_id, Officer.available.is_(True)
    )
    if ward_id is not None:
        query = query.join(officer_ward).where(officer_ward.c.ward_id == ward_id)
    return list(db.session.scalars(query).unique())


def route(ticket: Ticket, actor=None) -> Officer | None:
    """Set the department and the assignee; the timeline says why."""
    ticket.department_id = ticket.category.department_id
    officers = candidates(ticket.department_id, ticket.ward_id)
    load = open_load([o.id for o in officers])
    if not officers:
        ticket.assignee_id = None
        timeline.record(
            ticket,
            "routed",
            actor,
            department=ticket.category.department.code,
            reason="no_available_officer",
        )
        return None
    chosen = min(officers, key=lambda o: (load.get(o.id, 0), o.id))
    ticket.assignee_id = chosen.id
    timeline.record(
        ticket,
        "routed",
        actor,
        department=ticket.category.department.code,
        reason="fewest_open_tickets",
        officer=str(chosen),
        open_tickets=load.get(chosen.id, 0),
        candidates=len(officers),
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
