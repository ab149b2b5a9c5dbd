"""The timeline line of the event payments write on a ticket (at `grievance.event_text`)."""

from flask_babel import gettext as _
from markupsafe import Markup

from app.core.bidi import html_message
from app.core.dates import local_decimal
from app.services.payments.texts import purpose_label


def payment_requested(data: dict) -> Markup:
    return html_message(
        _("Payment %(ref)s of ₹%(amount)s requested: %(purpose)s."),
        ref=data.get("ref"),
        amount=local_decimal(data.get("amount")),
        purpose=purpose_label(data.get("purpose")),
    )
