"""The shared builder that providers of posts (e-mail, X) call: a post becomes a ticket. It
never calls back into a provider."""

from app.models.channels import InboundMessage
from app.models.grievance.ticket import Ticket
from app.services.grievance import routing, tickets


def register_post(
    inbound: InboundMessage, description: str, photos: list, language: str | None, contact: dict
) -> Ticket:
    """A post (e-mail, X) as a ticket, in the category its words name, in their language;
    `contact` is how the provider names the sender (its `contact(sender)`)."""
    ticket = tickets.create_ticket(
        category_id=routing.guess_category(description).id,
        description=description,
        contact=contact,
        name=inbound.sender_name,
        channel=inbound.channel,
        language=language or "en",
        photos=photos,
    )
    inbound.ticket_id, inbound.citizen_id = ticket.id, ticket.citizen_id
    return ticket
