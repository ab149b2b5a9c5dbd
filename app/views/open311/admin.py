"""Open311 in the admin UI: issue an API key (shown once), revoke keys, and write the extra
questions (attributes) a service asks."""

from flask import flash, redirect, url_for
from flask_appbuilder import expose
from flask_appbuilder.actions import action
from flask_appbuilder.fieldwidgets import BS3TextFieldWidget, Select2Widget
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from app.core.dates import local_number
from app.extensions import db
from app.models.open311 import AttributeType, Open311Key, ServiceAttribute
from app.security.scope import acting_user
from app.services.open311 import attributes as open311_attributes
from app.services.open311 import keys as open311_keys
from app.views.base.flashes import flashed_errors
from app.views.base.model_views import VIEW_VERBS, ScopedModelView


class IssueKeyForm(FlaskForm):
    name = StringField(
        _l("Client"),
        [DataRequired(), Length(max=120)],
        description=_l("Who will use the key, e.g. “FixMyStreet” or “City app”."),
        widget=BS3TextFieldWidget(),
    )


class Open311KeyView(ScopedModelView):
    """Keys are issued and revoked, never edited or deleted: each request keeps its key."""

    datamodel = SQLAInterface(Open311Key, db.session)
    list_title = _l("Open311 API keys")
    show_title = _l("Open311 API key")
    list_columns = ["name", "created_at", "issued_by", "revoked_at", "revoked_by"]
    show_columns = list_columns
    search_columns = ["name", "created_at", "revoked_at"]
    order_columns = ["name", "created_at", "revoked_at"]
    base_order = ("created_at", "desc")
    label_columns = {
        "name": _l("Client"),
        "created_at": _l("Issued"),
        "issued_by": _l("Issued by"),
        "revoked_at": _l("Revoked"),
        "revoked_by": _l("Revoked by"),
    }
    base_permissions = ["can_read", "can_create"]
    method_permission_name = {**VIEW_VERBS, "revoke": "revoke"}  # only Admin may revoke

    @expose("/add", methods=["GET", "POST"])
    @has_access
    def add(self):
        form = IssueKeyForm()
        if form.validate_on_submit():
            with flashed_errors():
                row, key = open311_keys.issue(form.name.data, acting_user())
                flash(
                    _(
                        "The API key for %(name)s is %(key)s. Copy it now: it is shown only "
                        "this once and cannot be recovered.",
                        name=row.name,
                        key=key,
                    ),
                    "warning",
                )
                return redirect(url_for(".list"))
        return self.render_template(
            "base/form.html",
            form=form,
            title=_("Issue an Open311 API key"),
            submit=_("Issue the key"),
        )

    @action(
        "revoke",
        _l("Revoke"),
        _l("Revoke the selected keys? Clients using them are refused at once."),
        "fa-ban",
    )
    def revoke(self, keys):
        keys = keys if isinstance(keys, list) else [keys]
        count = open311_keys.revoke(keys, acting_user())
        flash(_("%(count)s key(s) revoked.", count=local_number(count)), "success")
        return redirect(url_for(".list"))


def datatype_field() -> SelectField:
    return SelectField(
        _l("Type of answer"),
        choices=[(kind.value, kind.value) for kind in AttributeType],
        coerce=AttributeType,
        widget=Select2Widget(),
    )


class ServiceAttributeView(ScopedModelView):
    datamodel = SQLAInterface(ServiceAttribute, db.session)
    list_title = _l("Service attributes")
    show_title = _l("Service attribute")
    add_title = _l("Add service attribute")
    edit_title = _l("Edit service attribute")
    list_columns = ["category", "position", "code", "datatype", "required"]
    show_columns = [
        "category",
        "position",
        "code",
        "description",
        "datatype",
        "datatype_description",
        "required",
        "variable",
        "choices",
    ]
    add_columns = edit_columns = show_columns
    search_columns = ["category", "code", "datatype", "required"]
    order_columns = ["position", "code"]
    base_order = ("category_id", "asc")
    label_columns = {
        "category": _l("Service (category)"),
        "position": _l("Order"),
        "code": _l("Code"),
        "description": _l("Question"),
        "datatype": _l("Type of answer"),
        "datatype_description": _l("Hint on the answer"),
        "required": _l("Required"),
        "variable": _l("Asks for an answer"),
        "choices": _l("Choices"),
    }
    description_columns = {
        "code": _l("Clients send the answer as attribute[code]."),
        "position": _l("1 is asked first."),
        "variable": _l("Untick for a line that only informs the citizen."),
        "choices": _l("For the list types only: one choice per line, as “key = name”."),
    }
    add_form_extra_fields = {"datatype": datatype_field()}
    edit_form_extra_fields = add_form_extra_fields
    prepare = staticmethod(open311_attributes.prepare)
