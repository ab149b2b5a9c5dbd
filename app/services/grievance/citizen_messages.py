"""What the citizen is told at each public step, in their own language. Short enough for one
SMS segment where the script allows; placeholders are named."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.models.grievance.ticket import Ticket
from app.services.grievance import feedback_links, outbox

TEXTS = {
    "created": _l(
        "JanSeva: your complaint is registered as %(tracking_no)s with %(department)s. "
        "Track it: %(url)s"
    ),
    "acknowledged": _l(
        "%(tracking_no)s: %(department)s has received your complaint and is looking into it."
    ),
    "assigned": _l("%(tracking_no)s: an officer is now handling your complaint."),
    "in_progress": _l("%(tracking_no)s: work on your complaint has started."),
    "resolved": _l("%(tracking_no)s: your complaint is resolved. Tell us if it is not: %(url)s"),
    "closed": _l("%(tracking_no)s: your complaint is closed. Thank you."),
    "rejected": _l("%(tracking_no)s: your complaint could not be taken up: %(reason)s"),
    "duplicate": _l("%(tracking_no)s: this is already being handled as %(original)s."),
    "reopened": _l("%(tracking_no)s: your complaint is open again and will be looked at."),
    "closed_unresolved": _l("%(tracking_no)s: your complaint is closed without a fix. %(reason)s"),
    "waiting_citizen": _l("%(tracking_no)s: we need something from you to go on. %(note)s"),
    "waiting_agency": _l(
        "%(tracking_no)s: your complaint waits for another agency; we will tell you when work "
        "resumes."
    ),
    "note": _l("%(tracking_no)s: %(note)s"),
    "corrected": _l(
        "%(tracking_no)s: your complaint is now with %(department)s, %(office)s, as "
        "“%(category)s”. Track it: %(url)s"
    ),
    "appealed": _l(
        "JanSeva: your appeal against %(original)s is registered as %(tracking_no)s with "
        "%(office)s. Track it: %(url)s"
    ),
}


def track_url(ticket: Ticket) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/track/{ticket.tracking_no}"


def tell(ticket: Ticket, kind: str, event_key: str, note: str | None = None):
    """Queue the citizen's message for this step (in the caller's transaction)."""
    language = ticket.citizen.language
    office = ticket.org_unit or ticket.department
    params = {
        "tracking_no": ticket.tracking_no,
        "department": ticket.department.localized("name", language),
        "url": feedback_links.link_for(ticket) if kind == "resolved" else track_url(ticket),
        "reason": ticket.rejection_reason or note or "",
        "original": _original(ticket),
        "note": note or "",
        "category": ticket.category.localized("name", language),
        "office": office.localized("name", language),
    }
    return outbox.queue(ticket, event_key, outbox.render(language, TEXTS[kind], **params))


def _original(ticket: Ticket) -> str:
    """The ticket this one duplicates, or appeals against."""
    original = ticket.duplicate_of or ticket.appeal_of
    return original.tracking_no if original else ""
