"""Correct a ticket (category, ward, priority, description) and transfer it (to another
department through its category, or to another office of the tree), always with a reason.

Routing and deadlines follow the policy: a new department or office routes the ticket again
(the assignee is kept only while they still serve it) and puts it back on level 1 of the
ladder; a new category or priority fixes the deadlines again from the ticket's creation and
re-arms the sweep. The timeline keeps each field before and after; the citizen hears of a new
department, office, ward or category on their channel, never of an internal priority change.
"""

from dataclasses import dataclass

from app.core import commits, records
from app.core.clock import utc_now
from app.core.errors import InvalidBody
from app.extensions import db
from app.models.grievance.ticket import Priority, Ticket
from app.models.grievance.ticket import TicketState as S
from app.models.org import Category, Department, OrgUnit, Ward
from app.security.scope import ensure_in_scope, ensure_references_in_scope
from app.services.grievance import citizen_messages, outbox, routing, sla, ticket_states, timeline
from app.services.grievance.errors import (
    DescriptionRequired,
    NothingToCorrect,
    ReasonRequired,
    TicketNotOpen,
    UnknownCategory,
    UnknownPriority,
    UnknownUnit,
)
from app.services.org import tree
from app.services.org.errors import UnknownWard

ID_MAX = 2**31 - 1  # an id the database's integer columns can hold
# What the citizen is told of (the rest stays with the staff: see timeline.public_events).
TOLD = {"category", "department", "ward", "org_unit"}
# The states a re-routed ticket leaves for "assigned" (or "new" when nobody serves it).
REROUTED_FROM = {S.new, S.acknowledged, S.assigned, S.in_progress, S.reopened}


@dataclass
class Wanted:
    """The values asked for, checked; None: that field is left as it is."""

    category: Category | None = None
    ward: Ward | None = None
    priority: Priority | None = None
    description: str | None = None
    org_unit: OrgUnit | None = None


def correct(
    ticket: Ticket,
    actor,
    reason: str,
    category_id: int | None = None,
    ward_id: int | None = None,
    priority: str | None = None,
    description: str | None = None,
    org_unit_id: int | None = None,
) -> Ticket:
    """Correct or transfer `ticket`; committed with the citizen's message. A missing reason,
    an unknown or out-of-scope value, a closed ticket or a change that changes nothing is
    refused and changes nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    if not ticket_states.is_open(ticket.state):
        raise TicketNotOpen(tracking_no=ticket.tracking_no)
    wanted = _checked(category_id, ward_id, priority, description, org_unit_id)
    if actor is not None:
        ensure_in_scope(ticket, actor)  # the ticket itself, before it moves
    before = _values(ticket)
    _apply(ticket, wanted)
    try:
        records.check_columns(ticket)  # a description its column cannot keep, whoever typed it
    except InvalidBody:
        db.session.rollback()
        raise
    if actor is not None:  # what the actor chose; the department, unit and assignee follow
        ensure_references_in_scope(ticket, actor)
    if wanted.category is not None:
        ticket.department_id = wanted.category.department_id
    if wanted.org_unit is None and ({"ward", "department"} & _changed(before, ticket)):
        ticket.org_unit_id = tree.home_unit(ticket.ward_id, ticket.department_id)
    changes = _changed(before, ticket)
    if not changes:
        db.session.rollback()
        raise NothingToCorrect()
    db.session.flush()
    db.session.expire(ticket, ["category", "department", "ward", "org_unit", "assignee"])
    now = utc_now()
    transfer = bool({"department", "org_unit"} & changes)
    if transfer or "ward" in changes:
        _follow_routing(ticket, actor, now, transfer)
    if {"category", "priority"} & changes:
        sla.set_deadlines(ticket)
    if {"category", "priority"} & changes or transfer:
        sla.start_timers(ticket)
    ticket.updated_at = now
    told, after = bool(TOLD & changes), _values(ticket)
    entry = timeline.record(
        ticket,
        "corrected",
        actor,
        public=told,
        reason=reason,
        transfer=transfer,
        internal=["reason", "priority", "description"],
        **{field: [before[field], after[field]] for field in sorted(changes)},
    )
    messages = []
    if told:
        db.session.flush()
        messages = [citizen_messages.tell(ticket, "corrected", f"event-{entry.id}")]
    ids = outbox.dispatchable(messages)
    commits.commit_keeping_loaded()
    outbox.dispatch_ids(ids)
    return ticket


def _checked(category_id, ward_id, priority, description, org_unit_id) -> Wanted:
    wanted = Wanted()
    if category_id is not None:
        wanted.category = _get(Category, category_id)
        if wanted.category is None or not wanted.category.active:
            raise UnknownCategory(value=str(category_id))
    if ward_id is not None:
        wanted.ward = _get(Ward, ward_id)
        if wanted.ward is None:
            raise UnknownWard(value=str(ward_id))
    if org_unit_id is not None:
        wanted.org_unit = _get(OrgUnit, org_unit_id)
        if wanted.org_unit is None or not wanted.org_unit.active:
            raise UnknownUnit(value=str(org_unit_id))
    if priority is not None:
        if priority not in set(Priority):
            raise UnknownPriority(value=str(priority))
        wanted.priority = Priority(priority)
    if description is not None:
        wanted.description = description.strip()
        if not wanted.description:
            raise DescriptionRequired()
    return wanted


def _get(model, pk: int):
    return db.session.get(model, pk) if 1 <= pk <= ID_MAX else None


def _apply(ticket: Ticket, wanted: Wanted) -> None:
    if wanted.category is not None and wanted.category.id != ticket.category_id:
        ticket.category_id, ticket.kind = wanted.category.id, wanted.category.kind
    if wanted.ward is not None and wanted.ward.id != ticket.ward_id:
        ticket.ward_id = wanted.ward.id
    if wanted.org_unit is not None and wanted.org_unit.id != ticket.org_unit_id:
        ticket.org_unit_id = wanted.org_unit.id
    if wanted.priority is not None:
        ticket.priority = wanted.priority
    if wanted.description is not None:
        ticket.description = wanted.description


def _values(ticket: Ticket) -> dict:
    """The corrected fields as the timeline keeps them: codes and numbers that stay readable
    after a rename (a category's code, a ward's number, a unit's id)."""
    with db.session.no_autoflush:
        category = db.session.get(Category, ticket.category_id)
        ward = db.session.get(Ward, ticket.ward_id) if ticket.ward_id else None
        department = db.session.get(Department, ticket.department_id)
    return {
        "category": category.code,
        "department": department.code,
        "ward": ward.number if ward else None,
        "org_unit": ticket.org_unit_id,
        "priority": Priority(ticket.priority).value,
        "description": ticket.description,
    }


def _changed(before: dict, ticket: Ticket) -> set[str]:
    after = _values(ticket)
    return {field for field, value in before.items() if after[field] != value}


def _follow_routing(ticket: Ticket, actor, now, transfer: bool) -> None:
    """A ticket in a new department, office or ward: its assignee keeps it while they serve
    it still; otherwise it is routed again. A transfer starts the ladder again at level 1."""
    if transfer:
        ticket.level = 1
    if _still_serves(ticket):
        return
    chosen = routing.route(ticket, actor)
    if ticket.paused or S(ticket.state) not in REROUTED_FROM:
        return  # a paused ticket keeps its pause; the new assignee takes it up when it resumes
    target = S.assigned if chosen is not None else S.new
    if S(ticket.state) == target and target == S.new:
        return
    previous, ticket.state = S(ticket.state), target
    if target == S.assigned and ticket.assigned_at is None:
        ticket.assigned_at = now
    timeline.record(
        ticket, "state_changed", actor, from_state=previous.value, to_state=target.value
    )


def _still_serves(ticket: Ticket) -> bool:
    officer = ticket.assignee
    if officer is None or not officer.available or officer.department_id != ticket.department_id:
        return False
    if officer.org_unit_id is not None and officer.org_unit_id != ticket.org_unit_id:
        return False
    return ticket.ward_id is None or any(ward.id == ticket.ward_id for ward in officer.wards)
