"""The ticket life cycle: which state may follow which, and what each state counts as.

Code asks for a state's category (open / fixed / closed), never its label; "closed without
fix" never counts as fixed.
"""

from flask_babel import lazy_gettext as _l

from app.models.grievance.ticket import TicketState as S

OPEN, FIXED, CLOSED = "open", "fixed", "closed"

CATEGORY = {
    S.new: OPEN,
    S.acknowledged: OPEN,
    S.assigned: OPEN,
    S.in_progress: OPEN,
    S.reopened: OPEN,
    S.resolved: FIXED,
    S.closed: FIXED,
    S.rejected: CLOSED,
    S.duplicate: CLOSED,
    S.closed_unresolved: CLOSED,
    S.waiting_citizen: OPEN,
    S.waiting_agency: OPEN,
}

LABELS = {
    S.new: _l("New"),
    S.acknowledged: _l("Acknowledged"),
    S.assigned: _l("Assigned"),
    S.in_progress: _l("In progress"),
    S.resolved: _l("Resolved"),
    S.closed: _l("Closed"),
    S.rejected: _l("Rejected"),
    S.duplicate: _l("Duplicate"),
    S.reopened: _l("Reopened"),
    S.closed_unresolved: _l("Closed without fix"),
    S.waiting_citizen: _l("Waiting for the citizen"),
    S.waiting_agency: _l("Waiting for another agency"),
}

_GIVE_UP = {S.rejected, S.duplicate, S.closed_unresolved}
# Pause states stop the SLA clock (services.grievance.pauses); leaving one restarts it.
PAUSES = {S.waiting_citizen, S.waiting_agency}
ALLOWED = {
    S.new: {S.acknowledged, S.assigned, S.in_progress, S.resolved} | _GIVE_UP,
    S.acknowledged: {S.assigned, S.in_progress, S.resolved} | PAUSES | _GIVE_UP,
    S.assigned: {S.acknowledged, S.in_progress, S.resolved} | PAUSES | _GIVE_UP,
    S.in_progress: {S.assigned, S.resolved} | PAUSES | _GIVE_UP,
    S.reopened: {S.assigned, S.in_progress, S.resolved} | PAUSES | _GIVE_UP,
    S.waiting_citizen: {S.assigned, S.in_progress, S.resolved, S.waiting_agency} | _GIVE_UP,
    S.waiting_agency: {S.assigned, S.in_progress, S.resolved, S.waiting_citizen} | _GIVE_UP,
    S.resolved: {S.closed, S.reopened},
    S.closed: {S.reopened},
    S.rejected: {S.reopened},
    S.duplicate: {S.reopened},
    S.closed_unresolved: {S.reopened},
}

# States the citizen hears about, on the channel they came from.
PUBLIC = {
    S.acknowledged,
    S.assigned,
    S.in_progress,
    S.resolved,
    S.closed,
    S.rejected,
    S.duplicate,
    S.reopened,
    S.closed_unresolved,
    S.waiting_citizen,
    S.waiting_agency,
}

# States whose note, when no separate reason is given, is the reason the citizen is told.
REASON_TOLD = {S.rejected, S.closed_unresolved}


def note_goes_public(target, asked: bool | None, reason_given: bool = False) -> bool:
    """A note typed with a state change stays with the staff unless it is marked public; left
    unsaid (the API's {"to", "note"}), it is public only as the reason for giving up."""
    if asked is not None:
        return asked
    return S(target) in REASON_TOLD and not reason_given


def category(state) -> str:
    return CATEGORY[S(state)]


def is_open(state) -> bool:
    return category(state) == OPEN


def label(state) -> str:
    return str(LABELS.get(S(state), state)) if state else ""


def open_states() -> list[S]:
    return [state for state, kind in CATEGORY.items() if kind == OPEN]
