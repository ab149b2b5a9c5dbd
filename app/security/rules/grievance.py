"""Row rules of the grievance desk: a clerk sees their department's tickets, an officer the
tickets assigned to them, and each the citizens of those tickets (and of those they registered)."""

from sqlalchemy import false, or_, select

from app.models.grievance.citizen import Citizen
from app.models.grievance.outbox import OutboundMessage
from app.models.grievance.ticket import Ticket, TicketEvent
from app.models.org import Officer
from app.security.rules import ALL


def own_department_tickets(user):
    return Ticket.department_id == user.department_id if user.department_id else false()


def assigned_to_me(user):
    return Ticket.assignee_id.in_(select(Officer.id).where(Officer.user_id == user.id))


def registered_by(user):
    """Tickets the user registered (a walk-in at the desk), whichever department they went to."""
    return Ticket.id.in_(
        select(TicketEvent.ticket_id).where(
            TicketEvent.kind == "created", TicketEvent.actor_id == user.id
        )
    )


def citizens_of(ticket_rule):
    """Staff see a citizen who has a ticket they may see or registered (and the records merged
    into that citizen, which lead to it)."""

    def rule(user):
        theirs = select(Ticket.citizen_id).where(or_(ticket_rule(user), registered_by(user)))
        return or_(Citizen.id.in_(theirs), Citizen.merged_into_id.in_(theirs))

    return rule


def of_tickets(column, ticket_rule):
    """Messages and timeline events follow the scope of their ticket."""
    return lambda user: column.in_(select(Ticket.id).where(ticket_rule(user)))


RULES = {
    "Ticket": {
        "Supervisor": ALL,
        "Auditor": ALL,
        "Clerk": own_department_tickets,
        "Officer": assigned_to_me,
    },
    "OutboundMessage": {
        "Supervisor": ALL,
        "Auditor": ALL,
        "Clerk": of_tickets(OutboundMessage.ticket_id, own_department_tickets),
        "Officer": of_tickets(OutboundMessage.ticket_id, assigned_to_me),
    },
    "TicketEvent": {
        "Supervisor": ALL,
        "Auditor": ALL,
        "Clerk": of_tickets(TicketEvent.ticket_id, own_department_tickets),
        "Officer": of_tickets(TicketEvent.ticket_id, assigned_to_me),
    },
    # A ticket may be transferred to any active category, whichever department it belongs to
    # (services.grievance.corrections): the clerk sending it away need not see the other desk.
    "Ticket.category": {"Supervisor": ALL, "Clerk": ALL, "Officer": ALL},
    # A walk-in's registration finds them by their contact (tickets.create_ticket), not here.
    "Citizen": {
        "Supervisor": ALL,
        "Auditor": ALL,
        "Clerk": citizens_of(own_department_tickets),
        "Officer": citizens_of(assigned_to_me),
    },
}
