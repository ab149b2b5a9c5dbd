"""How the post office's states, types and history read on screen, in the reader's language."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models.postal import ArticleStatus, ArticleType, FailureReason
from app.services.postal.articles import FAILURE_LABELS, STATUS_LABELS, TYPE_LABELS
from app.services.postal.sms import NOT_CONFIGURED, NOT_SENT, QUEUED, SENT

# What the postman (and the API) is told after taking an article out or resending its code,
# by what became of the SMS (see postal_sms).
AFTER_DISPATCH = {
    SENT: _l("Out for delivery; the code was sent to the recipient."),
    QUEUED: _l("Out for delivery; the code is queued and will reach the recipient by SMS shortly."),
    NOT_CONFIGURED: _l(
        "Out for delivery, but the code could not be sent: SMS is not configured. Ask the "
        "office to set it up, then press “Send the code again”."
    ),
    NOT_SENT: _l(
        "Out for delivery, but the code could not be sent by SMS. Press “Send the code "
        "again”, or ask the office."
    ),
}
AFTER_RESEND = {
    SENT: _l("The code was sent again."),
    QUEUED: _l("The code is queued and will reach the recipient by SMS shortly."),
    NOT_CONFIGURED: _l(
        "The code could not be sent: SMS is not configured. Ask the office to set it up, then "
        "send it again."
    ),
    NOT_SENT: _l("The code could not be sent by SMS. Send it again, or ask the office."),
}
# Beside an article on the postman's page while its latest code has not reached anyone.
ON_THE_BEAT = {
    QUEUED: _l("The code is queued; it has not reached the recipient yet."),
    NOT_CONFIGURED: AFTER_RESEND[NOT_CONFIGURED],
    NOT_SENT: AFTER_RESEND[NOT_SENT],
}


def status_label(status) -> str:
    return str(STATUS_LABELS[ArticleStatus(status)]) if status else ""


def type_label(article_type) -> str:
    return str(TYPE_LABELS[ArticleType(article_type)]) if article_type else ""


def failure_label(reason) -> str:
    return str(FAILURE_LABELS[FailureReason(reason)]) if reason else ""


def code_sms_answer(after: dict, state: str | None) -> tuple[str, str]:
    """The sentence and its flash category for what became of the code's SMS."""
    return str(after[state or SENT]), "success" if state in (SENT, QUEUED, None) else "warning"


def article_event_text(event, sms: dict | None = None) -> str:
    """`sms`: (attempt, send) -> what became of each code SMS (postal_sms.sends)."""
    data = event.data or {}
    send = data.get("send", 1 if event.kind == "out_for_delivery" else None)
    state = (sms or {}).get((data.get("attempt"), send), SENT)
    attempt = data.get("attempt")
    texts = {
        "booked": lambda: _("Booked at the counter."),
        "out_for_delivery": lambda: _out_for_delivery(state, attempt),
        "otp_resent": lambda: _resent(state),
        "otp_wrong": lambda: _("A wrong delivery code was entered."),
        "cod_paid": lambda: _("Cash on delivery paid by UPI."),
        "in_transit": lambda: _("Sent on to the delivery office."),
        "returned": lambda: _("Returned to the sender."),
        "delivered": lambda: _("Delivered against the recipient's code."),
        "failed_attempt": lambda: _(
            "Not delivered: %(reason)s.", reason=failure_label(data.get("reason"))
        ),
    }
    return texts[event.kind]() if event.kind in texts else event.kind


def failure_choices() -> list[tuple[str, str]]:
    return [(reason.value, failure_label(reason)) for reason in FailureReason]


def _out_for_delivery(state: str, attempt) -> str:
    if state == SENT:
        return _(
            "Out for delivery (attempt %(attempt)s); the delivery code was sent by SMS.",
            attempt=attempt,
        )
    if state == QUEUED:
        return _(
            "Out for delivery (attempt %(attempt)s); the delivery code is being sent by SMS.",
            attempt=attempt,
        )
    return _(
        "Out for delivery (attempt %(attempt)s); the delivery code could not be sent by SMS.",
        attempt=attempt,
    )


def _resent(state: str) -> str:
    if state == SENT:
        return _("The delivery code was sent again.")
    if state == QUEUED:
        return _("The delivery code is being sent again.")
    return _("The delivery code could not be sent again by SMS.")
