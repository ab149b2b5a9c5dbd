"""Admin screens of the SLA policy: a category's targets per priority and escalation ladders."""

from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from app.extensions import db
from app.models.org import LadderStep, PriorityTarget
from app.services.org import units
from app.views.base.model_views import ScopedModelView
from app.views.org import fields

# The same words as the desk's own priority labels (app/views/grievance/texts.py).
PRIORITY_LABELS = {
    "low": _l("Low"),
    "normal": _l("Normal"),
    "high": _l("High"),
    "urgent": _l("Urgent"),
}


def priority_label(priority) -> str:
    return str(PRIORITY_LABELS.get(priority, priority or ""))


class PriorityTargetView(ScopedModelView):
    list_title = _l("Targets by priority")
    show_title = _l("Targets by priority")
    add_title = _l("Add targets for a priority")
    edit_title = _l("Edit targets for a priority")
    datamodel = SQLAInterface(PriorityTarget, db.session)
    list_columns = show_columns = add_columns = edit_columns = fields.PRIORITY_TARGET
    search_columns = ["category", "priority"]
    order_columns = ["priority", "first_response_minutes", "resolution_minutes"]
    label_columns = {
        "category": _l("Category"),
        "priority": _l("Priority"),
        "first_response_minutes": _l("First response (minutes)"),
        "primary_action_minutes": _l("Primary action (minutes)"),
        "resolution_minutes": _l("Resolution (minutes)"),
    }
    description_columns = {
        "priority": _l("A priority without a row keeps the category's own targets."),
    }
    add_form_extra_fields = {
        "priority": SelectField(
            _l("Priority"), choices=list(PRIORITY_LABELS.items()), widget=Select2Widget()
        )
    }
    edit_form_extra_fields = add_form_extra_fields
    formatters_columns = {"priority": priority_label}
    prepare = staticmethod(units.prepare_targets)


class LadderStepView(ScopedModelView):
    list_title = _l("Escalation ladder")
    show_title = _l("Ladder step")
    add_title = _l("Add ladder step")
    edit_title = _l("Edit ladder step")
    datamodel = SQLAInterface(LadderStep, db.session)
    list_columns = show_columns = add_columns = edit_columns = fields.LADDER_STEP
    search_columns = ["category", "level"]
    order_columns = ["level", "minutes"]
    base_order = ("level", "asc")
    label_columns = {
        "category": _l("Category"),
        "level": _l("Level"),
        "minutes": _l("Minutes at this level"),
    }
    description_columns = {
        "category": _l("Empty: the default ladder, for categories without steps of their own."),
        "level": _l(
            "2 is the head of the ticket's unit, 3 the head of the unit above, and so on "
            "(1 is the assignee, whose time is the category's target)."
        ),
    }
    prepare = staticmethod(units.prepare_step)
