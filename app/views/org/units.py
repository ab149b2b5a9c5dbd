"""Admin screens of the organisation tree: its units (shown as a tree, with their calendars),
the holidays units add, and which units each login works for."""

from datetime import time

from babel.dates import get_day_names
from flask import g
from flask_appbuilder.fieldwidgets import Select2ManyWidget
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from markupsafe import Markup
from sqlalchemy import select
from wtforms import SelectMultipleField, TimeField

from app.extensions import db
from app.models.base import StaffUser
from app.models.org import Holiday, OrgUnit
from app.services.org import units
from app.services.org.tree import ancestor_ids
from app.views.base.model_views import ScopedModelView
from app.views.org import fields

INDENT = "\u2003\u2003"  # em spaces: a unit's depth, readable left to right and right to left


def weekday(number: int) -> LazyString:
    return LazyString(lambda: get_day_names("wide", locale=get_locale())[number])


def _names() -> dict:
    """Each unit's name, and each level's, in the reader's language (read once per request)."""
    names = g.get("_unit_names")
    if names is None:
        units = db.session.execute(select(OrgUnit)).scalars().all()
        names = g._unit_names = {
            "unit": {unit.id: unit.localized("name") for unit in units},
            "level": {unit.level_name: unit.localized("level_name") for unit in units},
        }
    return names


def unit_in_tree(path) -> Markup:
    """The unit's name, indented by its depth (the list is in path order: a tree)."""
    ids = ancestor_ids(path or "")
    if not ids:
        return Markup("")
    branch = "└ " if len(ids) > 1 else ""
    return Markup("{indent}<bdi>{name}</bdi>").format(
        indent=INDENT * (len(ids) - 1) + branch, name=_names()["unit"].get(ids[-1], "")
    )


def level_label(level_name) -> str:
    return _names()["level"].get(level_name, level_name or "")


def working_days_label(days) -> str:
    return ", ".join(str(weekday(int(day))) for day in days or "" if day.isdigit() and day < "7")


CALENDAR_LABELS = {
    "country": _l("Country (ISO code)"),
    "subdivision": _l("State / subdivision"),
    "timezone": _l("Time zone"),
    "working_days": _l("Working days"),
    "opens_at": _l("Opens at"),
    "closes_at": _l("Closes at"),
}


class OrgUnitView(ScopedModelView):
    list_title = _l("Organisation units")
    show_title = _l("Organisation unit")
    add_title = _l("Add organisation unit")
    edit_title = _l("Edit organisation unit")
    datamodel = SQLAInterface(OrgUnit, db.session)
    list_columns = ["path", "level_name", "head", "appellate", "active"]
    show_columns = fields.ORG_UNIT
    add_columns = edit_columns = fields.ORG_UNIT
    search_columns = ["name", "level_name", "appellate", "active"]
    order_columns = ["path"]
    base_order = ("path", "asc")
    page_size = 100
    label_columns = {
        "path": _l("Unit"),
        "label": _l("Name"),
        "name": _l("Name (English)"),
        "name_hi": _l("Name (Hindi)"),
        "name_bn": _l("Name (Bengali)"),
        "name_fa": _l("Name (Persian)"),
        "parent": _l("Parent unit"),
        "level_name": _l("Level"),
        "level_name_hi": _l("Level (Hindi)"),
        "level_name_bn": _l("Level (Bengali)"),
        "level_name_fa": _l("Level (Persian)"),
        "head": _l("Head"),
        "appellate": _l("Appellate authority"),
        "active": _l("Active"),
        **CALENDAR_LABELS,
    }
    description_columns = {
        "level_name": _l("What this level is called: District, Police station, Zone ..."),
        "head": _l("The officer a breached ticket of this unit escalates to."),
        "appellate": _l("Hears the appeals of the units below it."),
        "country": _l("Public holidays: IN (India), BD (Bangladesh), IR (Iran) ..."),
        "subdivision": _l("A state's own holidays, for example UP or WB."),
        "timezone": _l("For example Asia/Kolkata; empty: the deployment's."),
    }
    add_form_extra_fields = {
        "working_days": SelectMultipleField(
            CALENDAR_LABELS["working_days"],
            choices=[(str(day), weekday(day)) for day in range(7)],
            default=list("012345"),
            widget=Select2ManyWidget(),
        ),
        "opens_at": TimeField(CALENDAR_LABELS["opens_at"], format="%H:%M", default=time(10)),
        "closes_at": TimeField(CALENDAR_LABELS["closes_at"], format="%H:%M", default=time(18)),
    }
    edit_form_extra_fields = add_form_extra_fields
    formatters_columns = {
        "path": unit_in_tree,
        "level_name": level_label,
        "working_days": working_days_label,
    }
    prepare = staticmethod(units.prepare_unit)


class HolidayView(ScopedModelView):
    list_title = _l("Holidays")
    show_title = _l("Holiday")
    add_title = _l("Add holiday")
    edit_title = _l("Edit holiday")
    datamodel = SQLAInterface(Holiday, db.session)
    list_columns = show_columns = add_columns = edit_columns = fields.HOLIDAY
    search_columns = ["org_unit", "day", "name"]
    order_columns = ["day", "name"]
    base_order = ("day", "desc")
    label_columns = {"org_unit": _l("Unit"), "day": _l("Day"), "name": _l("Name")}
    description_columns = {
        "org_unit": _l("The units below it keep the day too."),
    }
    prepare = staticmethod(units.prepare_holiday)


class StaffUnitView(ScopedModelView):
    """Which units a login works for (the base module's user screens know nothing of units)."""

    class_permission_name = "StaffUnit"
    base_permissions = ["can_read", "can_edit"]
    list_title = _l("Staff units")
    show_title = _l("Staff units")
    edit_title = _l("Give a login its units")
    datamodel = SQLAInterface(StaffUser, db.session)
    list_columns = ["username", "first_name", "last_name", "org_units"]
    show_columns = ["username", "first_name", "last_name", "department", "org_units"]
    edit_columns = ["org_units"]
    search_columns = ["username", "first_name", "last_name"]
    order_columns = ["username"]
    base_order = ("username", "asc")
    label_columns = {
        "username": _l("Login"),
        "first_name": _l("First name"),
        "last_name": _l("Last name"),
        "department": _l("Department"),
        "org_units": _l("Units"),
    }
    description_columns = {
        "org_units": _l(
            "The login sees the tickets of these units and of every unit below them (only "
            "its department's, when it has one). A unit's head needs no entry here."
        ),
    }
