"""Flask-AppBuilder's security manager with JanSeva's staff user (department, language)."""

from flask import current_app
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.views import UserDBModelView
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from wtforms import SelectField

from app.models.staff import StaffUser
from app.security import login_limits
from app.security.rate_limits import DegradingLimiter
from app.services.dates import local_datetime
from app.views.forms import LANGUAGE_NAMES

STAFF_COLUMNS = ["department", "locale"]


def _language_field():
    return SelectField(
        _l("Language"),
        choices=[("", "—")] + list(LANGUAGE_NAMES.items()),
        widget=Select2Widget(),
    )


class StaffUserView(UserDBModelView):
    list_columns = ["first_name", "last_name", "username", "department", "roles", "active"]
    show_fieldsets = [
        (
            _l("User info"),
            {"fields": ["username", "active", "roles", "department", "locale", "login_count"]},
        ),
        (_l("Personal Info"), {"fields": ["first_name", "last_name", "email"]}),
        (
            _l("Audit Info"),
            {
                "fields": [
                    "last_login",
                    "fail_login_count",
                    "created_on",
                    "created_by",
                    "changed_on",
                    "changed_by",
                ]
            },
        ),
    ]
    add_columns = UserDBModelView.add_columns + STAFF_COLUMNS
    edit_columns = [
        "first_name",
        "last_name",
        "username",
        "active",
        "email",
        "roles",
        "groups",
    ] + STAFF_COLUMNS
    add_form_extra_fields = {**UserDBModelView.add_form_extra_fields, "locale": _language_field()}
    edit_form_extra_fields = {"locale": _language_field()}
    label_columns = {"department": _l("Department"), "locale": _l("Language")}
    formatters_columns = {
        column: local_datetime for column in ("last_login", "created_on", "changed_on")
    }


class JanSevaSecurityManager(SecurityManager):
    user_model = StaffUser
    userdbmodelview = StaffUserView

    @property
    def is_auth_limited(self) -> bool:
        return False  # replaced by login_limits.protect (per account, failures only, API too)

    def create_limiter(self, app):
        """Redis down: every limit counts in memory (rate_limits), never answers 500."""
        key_func = app.config.get("RATELIMIT_KEY_FUNC", get_remote_address)
        limiter = DegradingLimiter(
            key_func=key_func, in_memory_fallback_enabled=True, swallow_errors=True
        )
        limiter.init_app(app)
        return limiter

    def register_views(self):
        super().register_views()
        if current_app.config.get("AUTH_RATE_LIMITED") and current_app.config.get(
            "RATELIMIT_ENABLED"
        ):
            login_limits.protect(self)
