"""Every escalation, the newest first: the supervisors' desk."""

from flask import abort, redirect, url_for
from flask_appbuilder import expose
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models.grievance.ticket import TicketEvent
from app.security.scope import SCOPE_FILTER
from app.services.grievance import ticket_states
from app.views.base.model_views import ScopedModelView
from app.views.grievance.texts import escalation_text
from app.views.grievance.tickets import TICKET_LABELS


class Escalated(BaseFilter):
    name = _l("Escalations")
    arg_name = "escalated"

    def apply(self, query, value):
        return query.filter(TicketEvent.kind == "escalated")


class EscalationView(ScopedModelView):
    """Every escalation, the newest first (supervisors' desk). Read from the append-only
    timeline through a partial index, so the sweep's updates of a ticket stay on its page."""

    datamodel = SQLAInterface(TicketEvent, db.session)
    list_title = _l("Escalations")
    base_filters = [SCOPE_FILTER, ["kind", Escalated, None]]
    base_order = ("id", "desc")
    list_columns = [
        "ticket",
        "ticket.category",
        "ticket.ward",
        "ticket.state",
        "ticket.assignee",
        "data",
        "at",
    ]
    search_columns = ["at"]
    order_columns = []
    label_columns = {
        "ticket": TICKET_LABELS["tracking_no"],
        **{f"ticket.{column}": label for column, label in TICKET_LABELS.items()},
        "data": _l("Escalation"),
        "at": _l("Escalated"),
    }
    formatters_columns = {"ticket.state": ticket_states.label, "data": escalation_text}

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        event = self.datamodel.get(pk, self._base_filters)
        if event is None:
            abort(404)
        return redirect(url_for("TicketView.show", pk=event.ticket_id))
