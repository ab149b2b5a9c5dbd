"""REST resources of the organisation under /api/v1/ (department, ward, officer, category)."""

from flask_appbuilder.models.sqla.interface import SQLAInterface

from app.extensions import db
from app.models.org import Category, Department, Officer, Ward
from app.services.org import directory as org
from app.views.base.model_views import ScopedApi
from app.views.org import fields


class DepartmentApi(ScopedApi):
    resource_name = "department"
    datamodel = SQLAInterface(Department, db.session)
    list_columns = show_columns = [
        "id",
        *[f for f in fields.DEPARTMENT if f != "supervisor"],
        "supervisor.id",
        "supervisor.username",
    ]
    add_columns = edit_columns = fields.DEPARTMENT
    prepare = staticmethod(org.prepare_department)


class WardApi(ScopedApi):
    resource_name = "ward"
    datamodel = SQLAInterface(Ward, db.session)
    list_columns = show_columns = ["id", *fields.WARD]
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
        *fields.SLA,
        "active",
    ]
    add_columns = edit_columns = fields.CATEGORY
    prepare = staticmethod(org.prepare_category)
