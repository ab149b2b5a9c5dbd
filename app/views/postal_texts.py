"""How the post office's states, types and history read on screen, in the reader's language."""

from flask_babel import gettext as _

from app.models.postal import ArticleStatus, ArticleType, FailureReason
from app.services.postal import FAILURE_LABELS, STATUS_LABELS, TYPE_LABELS


def status_label(status) -> str:
    return str(STATUS_LABELS[ArticleStatus(status)]) if status else ""


def type_label(article_type) -> str:
    return str(TYPE_LABELS[ArticleType(article_type)]) if article_type else ""


def failure_label(reason) -> str:
    return str(FAILURE_LABELS[FailureReason(reason)]) if reason else ""


def article_event_text(event) -> str:
    data = event.data or {}
    texts = {
        "booked": lambda: _("Booked at the counter."),
        "out_for_delivery": lambda: _(
            "Out for delivery (attempt %(attempt)s); the delivery code was sent by SMS.",
            attempt=data.get("attempt"),
        ),
        "otp_resent": lambda: _("The delivery code was sent again."),
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
