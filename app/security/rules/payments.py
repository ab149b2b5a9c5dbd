"""Row rules of payments: the counter, supervisors and auditors see every payment request and
every bill run; a clerk sees the payments requested for their own department's tickets."""

from sqlalchemy import and_, select

from app.models.grievance.ticket import Ticket
from app.models.payments import Payment
from app.security.rules import ALL
from app.security.rules.grievance import own_department_tickets


def for_own_department_tickets(user):
    tickets = select(Ticket.id).where(own_department_tickets(user))
    return and_(Payment.link_kind == "ticket", Payment.link_id.in_(tickets))


EVERYONE = {"Supervisor": ALL, "Auditor": ALL, "Counter": ALL}
RULES = {
    "Payment": {**EVERYONE, "Clerk": for_own_department_tickets},
    "BillRun": EVERYONE,
}
