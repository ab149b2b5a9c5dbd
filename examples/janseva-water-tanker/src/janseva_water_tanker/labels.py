"""How the module's fields and states read on screens and pages."""

from flask_appbuilder.fieldwidgets import Select2Widget
from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from janseva_water_tanker.models import TankerStatus

FIELDS = {
    "reference": _l("Reference"),
    "ward": _l("Ward"),
    "department": _l("Department"),
    "address": _l("Address or landmark"),
    "litres": _l("Litres"),
    "wanted_on": _l("Day wanted"),
    "phone": _l("Mobile number"),
    "status": _l("Status"),
    "requested_at": _l("Asked on"),
    "requested_by": _l("Taken by"),
}

STATUSES = {
    TankerStatus.requested: _l("New request"),
    TankerStatus.scheduled: _l("Scheduled"),
    TankerStatus.delivered: _l("Delivered"),
    TankerStatus.cancelled: _l("Cancelled"),
}


def status_label(status) -> str:
    return str(STATUSES.get(status, status or ""))


def status_field() -> SelectField:
    return SelectField(
        FIELDS["status"],
        choices=[(status.value, label) for status, label in STATUSES.items()],
        coerce=TankerStatus,
        widget=Select2Widget(),
    )
