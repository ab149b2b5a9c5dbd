"""The payments panels of a ticket's pages: on the staff's page the ticket's payment requests
the reader may see and a button to request one; on the public tracking page what is owed."""

from flask import current_app

from app.models.payments import Payment, PaymentStatus
from app.security.scope import restrict
from app.services.payments import requests
from app.services.payments.texts import purpose_label, status_label
from app.views.grievance.panels import TicketPanel


def ticket_payments(ticket) -> dict | None:
    may = current_app.appbuilder.sm.has_access
    if not may("can_read", "Payment"):
        return None
    return {
        "payments": restrict(requests.for_record("ticket", ticket.id), Payment).all(),
        "can_request": may("can_create", "Payment"),
        "status_label": status_label,
        "purpose_label": purpose_label,
    }


TICKET_PAYMENTS = TicketPanel("payments/ticket_panel.html", ticket_payments, "side")


def ticket_owed(ticket) -> dict | None:
    """The ticket's payment requests still waiting to be paid, with a button each."""
    owed = requests.for_record("ticket", ticket.id).filter_by(status=PaymentStatus.pending).all()
    return {"owed": owed} if owed else None


OWED = TicketPanel("payments/track_owed.html", ticket_owed)
