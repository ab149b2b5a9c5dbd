"""Row rules of the grievance desk: a clerk sees their department's tickets, or with units those
held in their units' subtrees (app.security.rules.org.in_tree); an officer the tickets assigned
to them (and their units' when given units); a supervisor given units only their subtrees';
and each the citizens of those tickets (and of those they registered)."""

from sqlalchemy import false, or_, select

from app.models.grievance.citizen import Citizen
from app.models.grievance.outbox import OutboundMessage
from app.models.grievance.ticket import Ticket, TicketEvent
from app.models.org import Officer
from app.security.rules import ALL
from app.security.rules.org import in_tree, scope_unit_ids, whole_or_tree


def department_tickets(user):
    return Ticket.department_id == user.department_id if user.department_id else false()


# A desk's tickets: its units' subtrees (in its department), else its department's.
own_department_tickets = in_tree(Ticket.org_unit_id, Ticket.department_id, department_tickets)
supervised_tickets = whole_or_tree(Ticket.org_unit_id, Ticket.department_id)


def assigned_to_me(user):
    return Ticket.assignee_id.in_(select(Officer.id).where(Officer.user_id == user.id))


def officer_tickets(user):
    """An officer's: those assigned to them, and their units' when they have units (a station
    officer sees the station's)."""
    if scope_unit_ids(user) is None:
        return assigned_to_me(user)
    return or_(assigned_to_me(user), own_department_tickets(user))


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


def whole_or(rule):
    """A supervisor sees every row, or with units those `rule` gives for their subtrees."""
    return lambda user: ALL if scope_unit_ids(user) is None else rule(user)


RULES = {
    "Ticket": {
        "Supervisor": supervised_tickets,
        "Auditor": ALL,
        "Clerk": own_department_tickets,
        "Officer": officer_tickets,
    },
    "OutboundMessage": {
        "Supervisor": whole_or(of_tickets(OutboundMessage.ticket_id, supervised_tickets)),
        "Auditor": ALL,
        "Clerk": of_tickets(OutboundMessage.ticket_id, own_department_tickets),
        "Officer": of_tickets(OutboundMessage.ticket_id, officer_tickets),
    },
    "TicketEvent": {
        "Supervisor": whole_or(of_tickets(TicketEvent.ticket_id, supervised_tickets)),
        "Auditor": ALL,
        "Clerk": of_tickets(TicketEvent.ticket_id, own_department_tickets),
        "Officer": of_tickets(TicketEvent.ticket_id, officer_tickets),
    },
    # A ticket may be transferred to any active category, whichever department it belongs to
    # (services.grievance.corrections): the clerk sending it away need not see the other desk.
    "Ticket.category": {"Supervisor": ALL, "Clerk": ALL, "Officer": ALL},
    # A walk-in's registration finds them by their contact (tickets.create_ticket), not here.
    "Citizen": {
        "Supervisor": whole_or(citizens_of(supervised_tickets)),
        "Auditor": ALL,
        "Clerk": citizens_of(own_department_tickets),
        "Officer": citizens_of(officer_tickets),
    },
}
