"""Appeals: a citizen let down by how a ticket ended asks a higher office to look again.

A ticket may be appealed once it is fixed or closed and its last rating was poor (2 stars or
less), or once the citizen has said twice that it is not fixed (the ticket is then open again:
the department keeps working it while the appeal is heard). One appeal at a time per ticket.
The appeal is a ticket of its own, linked to the original (appeal_of_id), for the same citizen
and category, held by the appellate office (the nearest unit above with `appellate` set, else
the parent, else the same unit), due in APPEAL_RESOLUTION_DAYS; the citizen is told its
tracking number on their channel. Its outcome (resolved: upheld, rejected: dismissed) lands on
the original's timeline too.
"""

from flask import current_app
from sqlalchemy import func, select

from app.core import commits, records
from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.ticket import DESCRIPTION_MAX, Channel, Feedback, Ticket
from app.models.grievance.ticket import TicketState as S
from app.models.org import Clock, OrgUnit
from app.services.grievance import citizen_messages, outbox, sla, ticket_states, timeline
from app.services.grievance.errors import AppealAlreadyOpen, AppealNotAllowed, ReasonRequired
from app.services.grievance.tracking import format_tracking_no
from app.services.org import tree

POOR = 2  # a rating at or below this opens the way to an appeal
NOT_FIXED_TIMES = 2  # ... as does saying this many times that the problem is not fixed
# An appeal's end -> its outcome, as the original's timeline records it
OUTCOMES = {S.resolved: "upheld", S.rejected: "dismissed"}


def may_appeal(ticket: Ticket) -> bool:
    """Whether the citizen may appeal against `ticket` now (the pages offer it only then)."""
    try:
        check(ticket)
    except (AppealNotAllowed, AppealAlreadyOpen):
        return False
    return True


def of_ticket(ticket: Ticket) -> list[Ticket]:
    """The appeals made against `ticket`, oldest first."""
    return db.session.scalars(
        select(Ticket).where(Ticket.appeal_of_id == ticket.id).order_by(Ticket.id)
    ).all()


def open_appeal(
    ticket: Ticket,
    reason: str,
    actor=None,
    channel: str | None = None,
    queued: list | None = None,
) -> Ticket:
    """Open the appeal against `ticket` on the citizen's grounds (`reason`); committed with
    the citizen's message, unless the caller passes `queued` (a chat: the message joins it and
    the caller's commit stores all). `channel`: where the citizen appealed (a chat), else the
    channel they came by."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    # one appeal at a time: a second request for the same ticket waits for the first
    db.session.scalar(select(Ticket.id).where(Ticket.id == ticket.id).with_for_update())
    check(ticket)
    now = utc_now()
    appeal = Ticket(
        kind=ticket.kind,
        category=ticket.category,
        department_id=ticket.department_id,
        ward_id=ticket.ward_id,
        org_unit_id=appellate_unit(ticket),
        citizen_id=ticket.citizen_id,
        channel=Channel(channel) if channel else ticket.channel,
        priority=ticket.priority,
        state=S.new,
        description=reason[:DESCRIPTION_MAX],
        address=ticket.address,
        latitude=ticket.latitude,
        longitude=ticket.longitude,
        appeal_of_id=ticket.id,
        created_at=now,
        updated_at=now,
    )
    _set_deadlines(appeal)
    records.check_columns(appeal)
    db.session.add(appeal)
    db.session.flush()
    appeal.tracking_no = format_tracking_no(appeal.id)
    sla.arm_timers(appeal)
    created = timeline.record(appeal, "created", actor, public=True, channel=appeal.channel.value)
    timeline.record(
        appeal,
        "appeal_opened",
        actor,
        public=True,
        original=ticket.tracking_no,
        reason=reason,
        internal=["reason"],
    )
    timeline.record(
        ticket,
        "appealed",
        actor,
        public=True,
        appeal=appeal.tracking_no,
        org_unit=appeal.org_unit_id,
    )
    db.session.flush()
    message = citizen_messages.tell(appeal, "appealed", f"event-{created.id}")
    if queued is not None:
        queued.append(message)
        return appeal
    ids = outbox.dispatchable([message])
    commits.commit_keeping_loaded()
    outbox.dispatch_ids(ids)
    return appeal


def record_outcome(appeal: Ticket, state, actor=None) -> None:
    """An appeal decided (resolved: upheld, rejected: dismissed) is recorded on the original
    too, in the caller's transaction."""
    outcome = OUTCOMES.get(S(state))
    if appeal.appeal_of_id is None or outcome is None:
        return
    original = db.session.get(Ticket, appeal.appeal_of_id)
    timeline.record(
        original, "appeal_decided", actor, public=True, appeal=appeal.tracking_no, outcome=outcome
    )


def appellate_unit(ticket: Ticket) -> int | None:
    """The office that hears an appeal against `ticket`: the nearest unit above the ticket's
    with `appellate` set, else its parent, else the ticket's own unit."""
    unit = db.session.get(OrgUnit, ticket.org_unit_id) if ticket.org_unit_id else None
    if unit is None:
        return None
    above = tree.ancestor_ids(unit.path)[:-1]  # the root first, the parent last
    if not above:
        return unit.id
    appellate = set(
        db.session.scalars(
            select(OrgUnit.id).where(OrgUnit.id.in_(above), OrgUnit.appellate.is_(True))
        )
    )
    nearest = [unit_id for unit_id in above if unit_id in appellate]
    return nearest[-1] if nearest else above[-1]


def check(ticket: Ticket) -> None:
    """Refuse, saying why, an appeal against `ticket` now: one already open, or no poor
    rating and no second "not fixed" yet."""
    pending = db.session.scalars(
        select(Ticket).where(
            Ticket.appeal_of_id == ticket.id, Ticket.state.in_(ticket_states.open_states())
        )
    ).first()
    if pending is not None:
        raise AppealAlreadyOpen(tracking_no=ticket.tracking_no, appeal=pending.tracking_no)
    last_rating = db.session.scalar(
        select(Feedback.rating)
        .where(Feedback.ticket_id == ticket.id)
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .limit(1)
    )
    not_fixed = db.session.scalar(
        select(func.count(Feedback.id)).where(
            Feedback.ticket_id == ticket.id, Feedback.not_fixed.is_(True)
        )
    )
    ended = not ticket_states.is_open(ticket.state)
    poorly_rated = ended and last_rating is not None and last_rating <= POOR
    if not (poorly_rated or not_fixed >= NOT_FIXED_TIMES):
        raise AppealNotAllowed(tracking_no=ticket.tracking_no)


def _set_deadlines(appeal: Ticket) -> None:
    """The category's first response and action targets; the decision within the appeal's
    own time, counted round the clock."""
    sla.set_deadlines(appeal)
    minutes = current_app.config["APPEAL_RESOLUTION_DAYS"] * 24 * 60
    due = sla.due_after(appeal.org_unit_id, Clock.round_the_clock, appeal.created_at, minutes)
    appeal.resolution_due = due
    appeal.first_response_due = min(appeal.first_response_due, due)
    appeal.primary_action_due = min(appeal.primary_action_due, due)
