"""Citizens as the desk knows them: their contacts and history, and merging duplicates."""

from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import expose
from flask_appbuilder.actions import action
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.bidi import html_message
from app.core.dates import local_number
from app.extensions import db
from app.models.grievance.citizen import Citizen
from app.security.scope import SCOPE_FILTER, acting_user, restrict
from app.services.grievance import citizens, ticket_states
from app.views.base.flashes import flashed_errors
from app.views.base.model_views import ScopedModelView
from app.views.grievance import history


class NotMerged(BaseFilter):
    """Merged records are kept for their contacts, but the survivor is the one listed."""

    name = _l("Not merged")
    arg_name = "nm"

    def apply(self, query, value):
        return query.filter(Citizen.merged_into_id.is_(None))


class CitizenView(ScopedModelView):
    datamodel = SQLAInterface(Citizen, db.session)
    base_filters = [SCOPE_FILTER, ["merged_into_id", NotMerged, None]]
    method_permission_name = {**ScopedModelView.method_permission_name, "merge": "edit"}
    list_title = _l("Citizens")
    show_title = _l("Citizen")
    edit_title = _l("Edit citizen")
    list_columns = ["name", "phone", "email", "ward", "language"]
    show_columns = ["name", *citizens.CONTACTS, "ward", "language", "created_at"]
    edit_columns = ["name", "phone", "email", "ward", "language"]
    search_columns = ["name", "phone", "email", "whatsapp_id", "telegram_chat_id"]
    label_columns = {
        "name": _l("Name"),
        "phone": _l("Mobile number"),
        "email": _l("E-mail"),
        "whatsapp_id": _l("WhatsApp"),
        "telegram_chat_id": _l("Telegram"),
        "messenger_id": _l("Messenger"),
        "x_handle": _l("X"),
        "ward": _l("Ward"),
        "language": _l("Language"),
        "created_at": _l("First contact"),
    }
    show_template = "grievance/citizen.html"
    base_order = ("id", "desc")
    prepare = staticmethod(citizens.prepare)

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        citizen = self.datamodel.get(pk, self._base_filters)
        if citizen is None:
            merged = (
                str(pk).isdigit()
                and restrict(
                    db.session.query(Citizen).filter(Citizen.id == int(pk)), Citizen
                ).first()
            )
            if not merged or merged.merged_into_id is None:
                abort(404)
            return redirect(url_for(".show", pk=merged.merged_into_id))
        return self.show_page(
            pk,
            citizen,
            history=history.history(citizen.id),
            state_label=ticket_states.label,
        )

    @action(
        "merge",
        _l("Merge duplicates"),
        _l("Merge the selected citizens into the earliest record? Tickets and contacts move."),
        icon="fa-compress",
        single=False,
    )
    def merge(self, people):
        people = people if isinstance(people, list) else [people]
        with flashed_errors():
            survivor = citizens.merge(people, acting_user())
            flash(
                html_message(
                    _("Merged %(count)s records into %(citizen)s."),
                    count=local_number(len(people)),
                    citizen=survivor,
                ),
                "success",
            )
            return redirect(url_for(".show", pk=survivor.id))
        return redirect(request.referrer or self.get_redirect())
