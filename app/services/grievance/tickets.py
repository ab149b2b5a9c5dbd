"""The grievance desk's verbs. One function creates tickets whatever the channel; one moves
them between states. Each owns its transaction and raises typed errors that change nothing."""

from app.core import commits, records
from app.core.clock import utc_now
from app.core.errors import NotAllowed
from app.extensions import db
from app.models.grievance.ticket import Channel, Priority, Ticket
from app.models.grievance.ticket import TicketState as S
from app.models.org import Category, Officer, Ward
from app.security.scope import ensure_references_in_scope, visible
from app.services.grievance import (
    appeals,
    citizen_messages,
    citizens,
    corrections,
    outbox,
    pauses,
    routing,
    sla,
    ticket_states,
    timeline,
)
from app.services.grievance import photos as ticket_photos
from app.services.grievance.errors import (
    BadTrackingNumber,
    DuplicateOfRequired,
    IncompleteComplaint,
    PublicReasonRequired,
    ReasonRequired,
)
from app.services.grievance.tracking import format_tracking_no, parse_tracking_no
from app.services.org import tree
from app.services.org.errors import OfficerNotInDepartment, UnknownWard

WRONG_DEPARTMENT = "wrong_department"

# state reached -> milestones it completes (first one only: a reopened ticket keeps its history)
MILESTONES = {
    S.acknowledged: ("acknowledged_at", "first_response_at"),
    S.assigned: ("assigned_at",),
    S.in_progress: ("first_response_at", "primary_action_at"),
    S.resolved: ("first_response_at", "primary_action_at", "resolved_at"),
    S.closed: ("closed_at",),
    S.rejected: ("first_response_at", "closed_at"),
    S.duplicate: ("first_response_at", "closed_at"),
    S.closed_unresolved: ("closed_at",),
}


def create_ticket(
    *,
    category_id: int,
    description: str,
    contact: dict,
    channel: str,
    ward_id: int | None = None,
    name: str | None = None,
    language: str | None = None,
    address: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    priority: str = Priority.normal,
    photos: list[tuple[str, bytes]] | None = None,
    actor=None,
    queued: list | None = None,
) -> Ticket:
    """A new ticket, routed, with the citizen's first message; committed, unless the caller
    passes `queued`: then the message joins that list and the caller's commit stores all (the
    chatbot registers the ticket with the chat message that confirmed it)."""
    category = db.session.get(Category, category_id) if category_id else None
    if category is None or not category.active or not (description or "").strip():
        raise IncompleteComplaint()
    if not any(contact.values()) or channel not in set(Channel) or priority not in set(Priority):
        raise IncompleteComplaint()
    if ward_id is not None and db.session.get(Ward, ward_id) is None:
        raise UnknownWard(value=str(ward_id))
    citizen = citizens.find_or_create(contact, name=name, language=language, ward_id=ward_id)
    now = utc_now()
    ticket = Ticket(
        kind=category.kind,
        category=category,
        department_id=category.department_id,
        ward_id=ward_id or citizen.ward_id,
        org_unit_id=tree.home_unit(ward_id or citizen.ward_id, category.department_id),
        citizen=citizen,
        channel=Channel(channel),
        priority=Priority(priority),
        state=S.new,
        description=description.strip(),
        address=address,
        latitude=latitude,
        longitude=longitude,
        created_at=now,
        updated_at=now,
    )
    sla.set_deadlines(ticket)
    records.check_columns(ticket)  # text too long for its column, whichever channel sent it
    db.session.add(ticket)
    db.session.flush()
    ticket.tracking_no = format_tracking_no(ticket.id)
    sla.arm_timers(ticket)
    created = timeline.record(ticket, "created", actor, public=True, channel=ticket.channel.value)
    ticket_photos.attach(ticket, photos or [], actor)  # a bad photo refuses the intake
    if routing.route(ticket, actor) is not None:
        _move(ticket, S.assigned, actor, now, tell=False)  # the first message says it all
    db.session.flush()
    message = citizen_messages.tell(ticket, "created", f"event-{created.id}")
    if queued is not None:
        queued.append(message)
        return ticket
    _commit([message])
    return ticket


def transition(
    ticket: Ticket,
    target: str,
    note: str | None = None,
    actor=None,
    reason: str | None = None,
    duplicate_of: str | None = None,
    category_id: int | None = None,
    public: bool | None = None,
) -> Ticket:
    """Move a ticket to `target`; anything the life cycle does not allow is refused. The note
    reaches the citizen (tracking page, message) only when `public` (see
    ticket_states.note_goes_public); a rejection always tells the citizen its reason: `reason`,
    or a public note."""
    try:
        target = S(target)
    except ValueError:
        raise NotAllowed(state=ticket_states.label(ticket.state), target=target) from None
    if target not in ticket_states.ALLOWED[S(ticket.state)]:
        raise NotAllowed(
            state=ticket_states.label(ticket.state), target=ticket_states.label(target)
        )
    if target == S.rejected and reason == WRONG_DEPARTMENT and category_id:
        # "Not our department": corrected to the right one, not sent back to the citizen
        return corrections.correct(ticket, actor, note or WRONG_DEPARTMENT, category_id=category_id)
    note = (note or "").strip() or None
    reason = (reason or "").strip() if target in ticket_states.REASON_TOLD else ""
    note_public = ticket_states.note_goes_public(target, public, bool(reason))
    told = reason or (note if note_public else None)  # the reason the citizen is told
    if target == S.rejected and not told:
        raise PublicReasonRequired() if note else ReasonRequired()
    if target == S.duplicate:
        original = by_tracking_no(duplicate_of) if duplicate_of else None
        if original is None or original.id == ticket.id:
            raise DuplicateOfRequired()
        ticket.duplicate_of_id = original.id
        if actor is not None:  # a duplicate of a ticket the actor may not see is no answer
            ensure_references_in_scope(ticket, actor)
    if target in ticket_states.REASON_TOLD:
        ticket.rejection_reason = told[:300] if told else None
    if target == S.reopened:
        ticket.resolved_at = ticket.closed_at = None
        sla.start_timers(ticket)
    moved = _move(ticket, target, actor, utc_now(), note, note_public=note_public, reason=reason)
    appeals.record_outcome(ticket, target, actor)  # an appeal's decision, on the original too
    _commit(moved)
    return ticket


def assign(ticket: Ticket, officer: Officer, actor=None) -> Ticket:
    if officer.department_id != ticket.department_id:
        raise OfficerNotInDepartment(officer=str(officer), department=str(ticket.department))
    ticket.assignee_id = officer.id
    timeline.record(ticket, "assigned", actor, officer=str(officer), reason="manual")
    messages = []
    if S(ticket.state) in (S.new, S.acknowledged, S.reopened):
        messages = _move(ticket, S.assigned, actor, utc_now())
    _commit(messages)
    return ticket


def add_note(ticket: Ticket, text: str, public: bool, actor=None) -> Ticket:
    if not (text or "").strip():
        raise ReasonRequired()
    now = utc_now()
    entry = timeline.record(ticket, "note", actor, public=public, text=text.strip())
    messages = []
    if public:
        ticket.first_response_at = ticket.first_response_at or now
        db.session.flush()
        # A clerk's own reply (Messenger sends it under the HUMAN_AGENT tag after 24 hours).
        messages = [citizen_messages.tell(ticket, "note", f"reply-{entry.id}", note=text.strip())]
    ticket.updated_at = now
    _commit(messages)
    return ticket


def history(citizen_id: int, limit: int = 50) -> list[Ticket]:
    """The citizen's tickets, newest first (uses the (citizen, created_at) index)."""
    return (
        db.session.query(Ticket)
        .filter(Ticket.citizen_id == citizen_id)
        .order_by(Ticket.created_at.desc())
        .limit(limit)
        .all()
    )


def by_tracking_no(text: str, *, scoped: bool = False) -> Ticket | None:
    """The ticket a tracking number names ("JS-12345", "js 1234 5", native digits), or None
    when no ticket has it (`scoped`: none the acting user may see). A malformed number (its
    shape, its check digit) raises BadTrackingNumber: each caller answers it its own way (an
    error page, a message to check the digits, a number skipped)."""
    ticket_id = parse_tracking_no(text)
    if scoped:
        return visible(Ticket, ticket_id)
    return db.session.get(Ticket, ticket_id)


def ids_by_tracking_no(numbers: list[str]) -> list[int]:
    """The ticket ids a list of tracking numbers names, read as by_tracking_no reads one, for a
    query to filter on: a malformed number names no ticket, as an unknown one does."""
    ids = []
    for number in numbers:
        try:
            ids.append(parse_tracking_no(number))
        except BadTrackingNumber:
            continue
    return ids


def _move(
    ticket: Ticket,
    target: S,
    actor,
    now,
    note: str | None = None,
    tell: bool = True,
    note_public: bool = False,
    reason: str | None = None,
) -> list:
    """Change state, stamp milestones, record it; public steps queue the citizen's message,
    which carries the note only when it is public."""
    previous = ticket.state
    ticket.state = target
    ticket.updated_at = now
    for milestone in MILESTONES.get(target, ()):
        if getattr(ticket, milestone) is None:
            setattr(ticket, milestone, now)
    public = target in ticket_states.PUBLIC
    entry = timeline.record(
        ticket,
        "state_changed",
        actor,
        public=public,
        from_state=S(previous).value,
        to_state=target.value,
        note=note,
        note_public=note_public,
        reason=reason or None,  # a reason given apart from the note is always public
    )
    pauses.follow(ticket, target, actor, now)  # pause states stop the SLA clock
    if not (tell and public):
        return []
    db.session.flush()
    told = note if note_public else None
    return [citizen_messages.tell(ticket, target.value, f"event-{entry.id}", note=told)]


def _commit(messages: list) -> None:
    """The change and its messages commit together; then the messages go to the queue."""
    ids = outbox.dispatchable(messages)
    commits.commit_keeping_loaded()  # the caller's answer needs no read after it
    outbox.dispatch_ids(ids)
