"""Flask-AppBuilder's security manager with JanSeva's staff user (department, language)."""

from flask import abort, current_app, g, request
from flask_appbuilder import expose
from flask_appbuilder.api import safe
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.security.api import SecurityApi as FabSecurityApi
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.views import (
    PermissionModelView,
    PermissionViewModelView,
    RoleModelView,
    UserDBModelView,
    UserGroupModelView,
    ViewMenuModelView,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_jwt_extended import current_user as token_user
from flask_jwt_extended import jwt_required
from flask_limiter.util import get_remote_address
from wtforms import SelectField
from wtforms.fields.core import UnboundField

from app.models.base import StaffUser
from app.security import login_limits, sessions
from app.security.rate_limits import DegradingLimiter
from app.security.roles import role_label
from app.views.base.display import ListWidget, display_formatters, shown_columns
from app.views.base.forms import LANGUAGE_NAMES

STAFF_COLUMNS = ["department", "locale"]


def _language_field():
    return SelectField(
        _l("Language"),
        choices=[("", "—")] + list(LANGUAGE_NAMES.items()),
        widget=Select2Widget(),
    )


class KnownActionsOnly:
    """FAB's own screens look an action up by the name posted and fail with a 500 on a name they
    do not have; refuse it as our screens do (ScopedModelView._permitted_action)."""

    @expose("/action/<string:name>/<pk>", methods=["GET", "POST"])
    def action(self, name, pk):
        if name not in self.actions:
            abort(403)
        return super().action(name, pk)

    @expose("/action_post", methods=["POST"])
    def action_post(self):
        if request.form.get("action") not in self.actions:
            abort(403)
        return super().action_post()


def refusing_unknown_actions(view):
    """FAB's screen `view` with KnownActionsOnly, under its own name (its permissions' name)."""
    return type(view.__name__, (KnownActionsOnly, view), {})


class SecurityApi(FabSecurityApi):
    """FAB's login and refresh, and a logout for clients that hold only tokens."""

    @expose("/logout", methods=["POST"])
    @jwt_required()
    @safe
    def logout(self):
        """Ends every session and token of the caller's login, on every device.
        ---
        post:
          description: >-
            Log out: every web session, access token and refresh token of this login ends
          responses:
            200:
              description: Logged out
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      message:
                        type: string
            401:
              $ref: '#/components/responses/401'
            500:
              $ref: '#/components/responses/500'
          security:
            - jwt: []
        """
        sessions.end_all(token_user)
        return self.response(200, message=_("Logged out: every session of this login has ended."))


class StaffUserView(KnownActionsOnly, UserDBModelView):
    list_widget = ListWidget
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
    label_columns = {
        **UserDBModelView.label_columns,
        "department": _l("Department"),
        "locale": _l("Language"),
    }
    description_columns = {
        **UserDBModelView.description_columns,
        "department": _l("The department whose work this login does; empty for city-wide roles"),
        "locale": _l("The language of this person's screens, remembered at every login"),
    }

    def __init__(self, **kwargs):
        self.formatters_columns = {
            **display_formatters(shown_columns(self)),
            "roles": _role_names,
            "locale": lambda code: LANGUAGE_NAMES.get(code, ""),
        }
        super().__init__(**kwargs)
        for form in (self.add_form, self.edit_form, self.search_form):
            roles = getattr(form, "roles", None)
            if isinstance(roles, UnboundField):
                roles.kwargs["get_label"] = role_label  # the role's name in the reader's language


def _role_names(roles) -> str:
    return ", ".join(role_label(role) for role in roles or [])


class JanSevaSecurityManager(SecurityManager):
    user_model = StaffUser
    userdbmodelview = StaffUserView
    security_api = SecurityApi
    rolemodelview = refusing_unknown_actions(RoleModelView)
    groupmodelview = refusing_unknown_actions(UserGroupModelView)
    permissionmodelview = refusing_unknown_actions(PermissionModelView)
    viewmenumodelview = refusing_unknown_actions(ViewMenuModelView)
    permissionviewmodelview = refusing_unknown_actions(PermissionViewModelView)

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

    # --- one generation for every session and token of a login (app/security/sessions.py) ---
    def load_user(self, pk):
        return sessions.from_session_id(self.get_user_by_id, pk)

    def load_user_jwt(self, _jwt_header, jwt_data):
        user = sessions.find(
            self.get_user_by_id, jwt_data["sub"], jwt_data.get(sessions.GENERATION_CLAIM)
        )
        if user is not None:
            g.user = user
        return user

    def create_jwt_manager(self, app):
        jwt_manager = super().create_jwt_manager(app)
        jwt_manager.additional_claims_loader(
            lambda identity: sessions.token_claims(self.get_user_by_id, identity)
        )
        jwt_manager.user_lookup_error_loader(sessions.ended_answer)
        return jwt_manager

    def on_user_logout(self, user) -> None:
        sessions.end_all(user)

    def reset_password(self, userid, password):
        user = sessions.by_id(self.get_user_by_id, userid)  # FAB's form passes its `?pk=`
        if user is None:
            abort(404)
        super().reset_password(user.id, password)
        sessions.keep_this_browser(user)
