"""The clerks' screen: the requests of their department, to schedule and deliver (Flask-
AppBuilder's list, search, add, edit and CSV, scoped row by row like every JanSeva screen)."""

from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.security.scope import acting_user
from app.views.base.model_views import ScopedModelView
from janseva_water_tanker import tankers
from janseva_water_tanker.labels import FIELDS, status_field, status_label
from janseva_water_tanker.models import TankerRequest


class TankerRequestView(ScopedModelView):
    datamodel = SQLAInterface(TankerRequest, db.session)
    list_title = _l("Tanker requests")
    show_title = _l("Tanker request")
    add_title = _l("Ask for a water tanker")
    edit_title = _l("Edit tanker request")
    list_columns = ["reference", "ward", "address", "litres", "wanted_on", "status"]
    show_columns = [
        "reference",
        "ward",
        "address",
        "litres",
        "wanted_on",
        "phone",
        "status",
        "department",
        "requested_at",
        "requested_by",
    ]
    add_columns = ["ward", "address", "litres", "wanted_on", "phone"]
    edit_columns = [*add_columns, "status"]
    search_columns = ["ward", "status", "wanted_on", "address"]
    order_columns = ["wanted_on", "litres", "status"]
    base_order = ("wanted_on", "asc")
    label_columns = {**FIELDS}  # FAB adds the labels it makes up to the dict it is given
    edit_form_extra_fields = {"status": status_field()}
    formatters_columns = {"status": status_label}
    prepare = staticmethod(tankers.prepare)

    def pre_add(self, item):
        item.requested_by_id = acting_user().id  # taken at the desk
        super().pre_add(item)
