"""REST resources of the organisation under /api/v1/ (department, ward, officer, category)."""

from flask_appbuilder.models.sqla.interface import SQLAInterface

from app.extensions import db
from app.models.org import Category, Department, Officer, Ward
from app.services import org
from app.views.base import ScopedApi


class DepartmentApi(ScopedApi):
    resource_name = "department"
    datamodel = SQLAInterface(Department, db.session)
    list_columns = [
        "id",
        "code",
        "name",
        "name_hi",
        "name_bn",
        "name_fa",
        "contact_phone",
        "contact_email",
        "supervisor_id",
        "active",
    ]
    show_columns = list_columns
    add_columns = edit_columns = list_columns[1:]
    prepare = staticmethod(org.prepare_department)


class WardApi(ScopedApi):
    resource_name = "ward"
    datamodel = SQLAInterface(Ward, db.session)
    list_columns = [
        "id",
        "number",
        "name",
        "name_hi",
        "name_bn",
        "name_fa",
        "zone",
        "latitude",
        "longitude",
        "boundary_geojson",
    ]
    show_columns = list_columns
    add_columns = edit_columns = list_columns[1:]
    prepare = staticmethod(org.prepare_ward)


class OfficerApi(ScopedApi):
    resource_name = "officer"
    datamodel = SQLAInterface(Officer, db.session)
    list_columns = [
        "id",
        "user.username",
        "department.id",
        "department.code",
        "phone",
        "language",
        "available",
    ]
    show_columns = list_columns
    add_columns = edit_columns = ["user", "department", "wards", "phone", "language", "available"]
    prepare = staticmethod(org.prepare_officer)


class CategoryApi(ScopedApi):
    resource_name = "category"
    datamodel = SQLAInterface(Category, db.session)
    list_columns = [
        "id",
        "code",
        "name",
        "name_hi",
        "name_bn",
        "name_fa",
        "description",
        "department.id",
        "department.code",
        "kind",
        "first_response_minutes",
        "primary_action_minutes",
        "resolution_hours",
        "active",
    ]
    show_columns = list_columns
    add_columns = edit_columns = [
        "code",
        "name",
        "name_hi",
        "name_bn",
        "name_fa",
        "description",
        "description_hi",
        "description_bn",
        "description_fa",
        "department",
        "kind",
        "first_response_minutes",
        "primary_action_minutes",
        "resolution_hours",
        "active",
    ]
    prepare = staticmethod(org.prepare_category)
