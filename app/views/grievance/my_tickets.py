"""An officer's open tickets, the nearest resolution deadline first."""

from flask_appbuilder.models.filters import BaseFilter
from flask_babel import lazy_gettext as _l

from app.models.grievance.ticket import Ticket
from app.security.rules.grievance import assigned_to_me
from app.security.scope import SCOPE_FILTER, acting_user
from app.services.grievance import ticket_states
from app.views.grievance.tickets import TicketSubset


class OpenAssignedToMe(BaseFilter):
    name = _l("Open and assigned to me")
    arg_name = "mine"

    def apply(self, query, value):
        open_ = Ticket.state.in_(ticket_states.open_states())
        return query.filter(assigned_to_me(acting_user()), open_)


class MyTicketView(TicketSubset):
    """An officer's open tickets, the nearest resolution deadline first."""

    list_title = _l("My tickets")
    base_filters = [SCOPE_FILTER, ["id", OpenAssignedToMe, None]]
    base_order = ("resolution_due", "asc")
