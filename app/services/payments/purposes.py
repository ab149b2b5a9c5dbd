"""What a payment requested for a ticket is most likely for: the purpose its category names
(a "HOLDING-TAX" query asks for holding tax), or none, and the clerk chooses."""

from app.models.grievance.ticket import Ticket
from app.models.payments import PaymentPurpose

# Purposes a category can name; cash on delivery belongs to articles, "other" to nothing.
NAMEABLE = [p for p in PaymentPurpose if p not in (PaymentPurpose.cod, PaymentPurpose.other)]


def for_ticket(ticket: Ticket | None) -> PaymentPurpose | None:
    """The purpose whose code the ticket's category code is or begins with; None otherwise."""
    if ticket is None or ticket.category is None:
        return None
    code = ticket.category.code.lower().replace("-", "_")
    for purpose in NAMEABLE:
        if code == purpose.value or code.startswith(f"{purpose.value}_"):
            return purpose
    return None
