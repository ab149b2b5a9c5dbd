"""REST resources of the organisation under /api/v1/ (department, ward, officer, category, and
the tree: org_unit, holiday, sla_target, escalation_step)."""

from flask import request
from flask_appbuilder.models.sqla.interface import SQLAInterface

from app.extensions import db
from app.models.org import (
    Category,
    Department,
    Holiday,
    LadderStep,
    Officer,
    OrgUnit,
    PriorityTarget,
    Ward,
)
from app.services.org import directory as org
from app.services.org import units
from app.views.base.model_views import ScopedApi
from app.views.org import fields


class DepartmentApi(ScopedApi):
    resource_name = "department"
    datamodel = SQLAInterface(Department, db.session)
    list_columns = show_columns = [
        "id",
        *[f for f in fields.DEPARTMENT if f not in ("supervisor", "org_unit")],
        "supervisor.id",
        "supervisor.username",
        "org_unit.id",
        "org_unit.name",
    ]
    add_columns = edit_columns = fields.DEPARTMENT
    prepare = staticmethod(org.prepare_department)


class WardApi(ScopedApi):
    resource_name = "ward"
    datamodel = SQLAInterface(Ward, db.session)
    list_columns = show_columns = [
        "id",
        *[f for f in fields.WARD if f != "org_unit"],
        "org_unit.id",
        "org_unit.name",
    ]
    add_columns = edit_columns = fields.WARD
    prepare = staticmethod(org.prepare_ward)


class OfficerApi(ScopedApi):
    resource_name = "officer"
    datamodel = SQLAInterface(Officer, db.session)
    list_columns = show_columns = [
        "id",
        "user.id",
        "user.username",
        "department.id",
        "department.code",
        "org_unit.id",
        "org_unit.name",
        "phone",
        "language",
        "available",
    ]
    add_columns = edit_columns = fields.OFFICER
    prepare = staticmethod(org.prepare_officer)


class CategoryApi(ScopedApi):
    resource_name = "category"
    datamodel = SQLAInterface(Category, db.session)
    list_columns = show_columns = [
        "id",
        "code",
        *fields.NAMES,
        *fields.DESCRIPTIONS,
        "department.id",
        "department.code",
        "kind",
        "clock",
        *fields.SLA,
        "active",
    ]
    add_columns = edit_columns = fields.CATEGORY
    prepare = staticmethod(org.prepare_category)


class FlatReferences:
    """Answers a reference as the referenced record's id (or null), as the contract names it
    (`parent`, `org_unit`), not as FAB's nested object."""

    flat: tuple[str, ...] = ()

    def pre_get(self, data):
        self._flatten(data["result"])

    def pre_get_list(self, data):
        for row in data["result"]:
            self._flatten(row)

    def _flatten(self, row):
        for name in self.flat:
            if name in row or any(key.startswith(f"{name}.") for key in row):
                value = row.get(name)
                row[name] = value.get("id") if isinstance(value, dict) else value


class OrgUnitApi(FlatReferences, ScopedApi):
    resource_name = "org_unit"
    flat = ("parent",)
    datamodel = SQLAInterface(OrgUnit, db.session)
    list_columns = show_columns = [
        "id",
        "parent.id",
        *[f for f in fields.ORG_UNIT if f not in ("parent", "head")],
        "head.id",
        "head.username",
        "path",
        "depth",
    ]
    add_columns = edit_columns = fields.ORG_UNIT
    order_columns = ["id", "path", "name", "level_name"]
    prepare = staticmethod(units.prepare_unit)


class HolidayApi(FlatReferences, ScopedApi):
    resource_name = "holiday"
    flat = ("org_unit",)
    datamodel = SQLAInterface(Holiday, db.session)
    list_columns = show_columns = ["id", "org_unit.id", "day", "name"]
    add_columns = edit_columns = fields.HOLIDAY
    prepare = staticmethod(units.prepare_holiday)

    # the day read as YYYY-MM-DD with a message in the caller's language (FAB's is English)
    def post_headless(self):
        return self._answer_errors(self._day_checked, super().post_headless)

    def put_headless(self, pk):
        return self._answer_errors(self._day_checked, super().put_headless, pk)

    @staticmethod
    def _day_checked(handler, *args):
        body = request.get_json(silent=True)
        if isinstance(body, dict) and "day" in body:
            units.parse_day(body["day"])
        return handler(*args)


class PriorityTargetApi(ScopedApi):
    resource_name = "sla_target"
    datamodel = SQLAInterface(PriorityTarget, db.session)
    list_columns = show_columns = [
        "id",
        "category.id",
        "category.code",
        *fields.PRIORITY_TARGET[1:],
    ]
    add_columns = edit_columns = fields.PRIORITY_TARGET
    prepare = staticmethod(units.prepare_targets)


class LadderStepApi(ScopedApi):
    resource_name = "escalation_step"
    datamodel = SQLAInterface(LadderStep, db.session)
    list_columns = show_columns = ["id", "category.id", "category.code", "level", "minutes"]
    add_columns = edit_columns = fields.LADDER_STEP
    prepare = staticmethod(units.prepare_step)
