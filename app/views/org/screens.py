"""Admin screens of the organisation: departments, wards, officers, categories."""

from flask import flash, redirect, request
from flask_appbuilder.actions import action
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.dates import local_number
from app.extensions import db
from app.models.org import Category, Department, Officer, Ward
from app.services.org import directory as org
from app.views.base.forms import language_field
from app.views.base.model_views import ScopedModelView
from app.views.org import fields
from app.views.org.clocks import clock_field, clock_label
from app.views.org.kinds import kind_field, kind_label

TRANSLATED_NAME_LABELS = {
    "label": _l("Name"),
    "name": _l("Name (English)"),
    "name_hi": _l("Name (Hindi)"),
    "name_bn": _l("Name (Bengali)"),
    "name_fa": _l("Name (Persian)"),
}


class DepartmentView(ScopedModelView):
    list_title = _l("Departments")
    show_title = _l("Department")
    add_title = _l("Add department")
    edit_title = _l("Edit department")
    datamodel = SQLAInterface(Department, db.session)
    list_columns = ["code", "label", "contact_phone", "supervisor", "org_unit", "active"]
    show_columns = fields.DEPARTMENT
    add_columns = edit_columns = show_columns
    search_columns = ["code", "name", "name_hi", "name_bn", "name_fa", "active"]
    order_columns = ["code", "active"]
    label_columns = {
        **TRANSLATED_NAME_LABELS,
        "code": _l("Code"),
        "contact_phone": _l("Contact phone"),
        "contact_email": _l("Contact email"),
        "supervisor": _l("Supervisor"),
        "org_unit": _l("Office (unit)"),
        "active": _l("Active"),
    }
    description_columns = {"org_unit": _l("A ticket with no ward goes to this unit.")}
    prepare = staticmethod(org.prepare_department)


class WardView(ScopedModelView):
    list_title = _l("Wards")
    show_title = _l("Ward")
    add_title = _l("Add ward")
    edit_title = _l("Edit ward")
    datamodel = SQLAInterface(Ward, db.session)
    list_columns = ["number", "label", "zone", "org_unit", "latitude", "longitude"]
    show_columns = fields.WARD
    add_columns = edit_columns = show_columns
    search_columns = ["number", "name", "name_hi", "name_bn", "name_fa", "zone"]
    order_columns = ["number", "zone"]
    label_columns = {
        **TRANSLATED_NAME_LABELS,
        "label": _l("Ward"),
        "number": _l("Ward number"),
        "zone": _l("Zone / district"),
        "org_unit": _l("Unit"),
        "latitude": _l("Latitude"),
        "longitude": _l("Longitude"),
        "boundary_geojson": _l("Boundary (GeoJSON)"),
    }
    prepare = staticmethod(org.prepare_ward)


class OfficerView(ScopedModelView):
    list_title = _l("Officers")
    show_title = _l("Officer")
    add_title = _l("Add officer")
    edit_title = _l("Edit officer")
    datamodel = SQLAInterface(Officer, db.session)
    list_columns = ["user", "department", "org_unit", "phone", "language", "available"]
    show_columns = fields.OFFICER
    add_columns = edit_columns = show_columns
    search_columns = ["department", "phone", "available"]
    order_columns = ["phone", "available"]
    label_columns = {
        "user": _l("Login"),
        "department": _l("Department"),
        "org_unit": _l("Unit"),
        "wards": _l("Wards served"),
        "phone": _l("Mobile (E.164)"),
        "language": _l("Preferred language"),
        "available": _l("Available"),
    }
    description_columns = {"phone": _l("For example +919876543210; native digits are accepted.")}
    add_form_extra_fields = {"language": language_field()}
    edit_form_extra_fields = add_form_extra_fields
    prepare = staticmethod(org.prepare_officer)
    method_permission_name = {
        **ScopedModelView.method_permission_name,
        "on_duty": "edit",
        "off_duty": "edit",
    }

    @action("on_duty", _l("Mark available"), icon="fa-check", single=False)
    def on_duty(self, officers):
        return self._set_availability(officers, True)

    @action("off_duty", _l("Mark unavailable"), icon="fa-ban", single=False)
    def off_duty(self, officers):
        return self._set_availability(officers, False)

    def _set_availability(self, officers, available):
        officers = officers if isinstance(officers, list) else [officers]
        count = org.set_availability(officers, available)
        flash(_("%(count)s officer(s) updated.", count=local_number(count)), "success")
        return redirect(request.referrer or self.get_redirect())


class CategoryView(ScopedModelView):
    list_title = _l("Categories")
    show_title = _l("Category")
    add_title = _l("Add category")
    edit_title = _l("Edit category")
    datamodel = SQLAInterface(Category, db.session)
    list_columns = [
        "code",
        "label",
        "department",
        "kind",
        "clock",
        "first_response_minutes",
        "primary_action_minutes",
        "resolution_hours",
        "active",
    ]
    show_columns = fields.CATEGORY
    add_columns = edit_columns = show_columns
    search_columns = ["code", "name", "department", "kind", "active"]
    order_columns = ["code", "kind", "first_response_minutes", "resolution_hours"]
    label_columns = {
        **TRANSLATED_NAME_LABELS,
        "code": _l("Service code"),
        "description": _l("Description (English)"),
        "description_hi": _l("Description (Hindi)"),
        "description_bn": _l("Description (Bengali)"),
        "description_fa": _l("Description (Persian)"),
        "department": _l("Department"),
        "kind": _l("Kind"),
        "clock": _l("Clock"),
        "first_response_minutes": _l("First response (minutes)"),
        "primary_action_minutes": _l("Primary action (minutes)"),
        "resolution_hours": _l("Resolution (hours)"),
        "active": _l("Active"),
    }
    add_form_extra_fields = {"kind": kind_field(), "clock": clock_field()}
    edit_form_extra_fields = add_form_extra_fields
    formatters_columns = {"kind": kind_label, "clock": clock_label}
    prepare = staticmethod(org.prepare_category)
