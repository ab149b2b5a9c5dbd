"""Row rules of the grievance desk: a clerk sees their department's tickets, an officer the
tickets assigned to them (and those tickets' citizens)."""

from sqlalchemy import false, select

from app.models.citizen import Citizen
from app.models.messaging import OutboundMessage
from app.models.org import Officer
from app.models.ticket import Ticket, TicketEvent
from app.security.rules import ALL


def own_department_tickets(user):
    return Ticket.department_id == user.department_id if user.department_id else false()


def assigned_to_me(user):
    return Ticket.assignee_id.in_(select(Officer.id).where(Officer.user_id == user.id))


def citizens_of_my_tickets(user):
    mine = select(Ticket.citizen_id).where(
        Ticket.assignee_id.in_(select(Officer.id).where(Officer.user_id == user.id))
    )
    return Citizen.id.in_(mine)


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
    # Clerks register walk-ins, so they find any citizen; the history shows every department.
    "Citizen": {
        "Supervisor": ALL,
        "Auditor": ALL,
        "Clerk": ALL,
        "Officer": citizens_of_my_tickets,
    },
}
