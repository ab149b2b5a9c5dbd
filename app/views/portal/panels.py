"""The portal's panel on the public tracking page: the form to rate a resolved complaint."""

from app.services.grievance import feedback
from app.views.grievance.panels import TicketPanel


def rating(ticket) -> dict | None:
    return {} if feedback.awaiting(ticket.citizen_id) == ticket else None


RATE = TicketPanel("portal/track_rate.html", rating)
