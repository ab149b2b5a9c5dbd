"""Base classes every admin screen and REST resource inherits: one permission name per model,
four verbs, and row scope on every path (list, show, edit, delete, actions, dropdowns, export,
API)."""

import re

from flask import abort, flash, redirect, request, url_for
from flask_appbuilder import ModelRestApi, ModelView, expose
from flask_appbuilder.security.decorators import has_access
from flask_appbuilder.urltools import get_filter_args
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from wtforms import BooleanField

from app.core import records
from app.core.errors import Conflict, InvalidBody, JanSevaError
from app.extensions import db
from app.security.scope import (
    SCOPE_FILTER,
    RowScope,
    acting_user,
    ensure_in_scope,
    ensure_references_in_scope,
)
from app.views.base import api_body, openapi_fixes
from app.views.base.csv_export import csv_response
from app.views.base.display import ListWidget, display_formatters, shown_columns
from app.views.base.flashes import flashed_errors
from app.views.base.forms import accept_native_digits

VIEW_VERBS = {
    "list": "read",
    "show": "read",
    "export_csv": "read",
    "download": "read",
    "add": "create",
    "edit": "edit",
    "delete": "delete",
    "muldelete": "delete",
}
API_VERBS = {
    "get_list": "read",
    "get": "read",
    "info": "read",
    "post": "create",
    "put": "edit",
    "delete": "delete",
}


def _scoped_relations(datamodel) -> dict:
    """Related-field dropdowns offer only rows the user may see, or those the reference rule
    "<Model>.<column>" allows (see scope.ensure_references_in_scope)."""
    columns = [c for c in datamodel.get_columns_list() if datamodel.is_relation(c)]
    model = datamodel.obj.__name__
    return {column: [["id", RowScope, f"{model}.{column}"]] for column in columns}


class ScopedMixin:
    """Shared by screens and APIs: permission name, scope, and the model's save rules."""

    base_filters = [SCOPE_FILTER]
    prepare = None  # staticmethod(service) that validates and normalises before saving

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # one permission name per model, unless a screen names its own (an org screen on logins)
        if getattr(cls, "datamodel", None) is not None and "class_permission_name" not in vars(cls):
            cls.class_permission_name = cls.datamodel.obj.__name__

    def pre_add(self, item):
        self._check(item)

    def pre_update(self, item):
        self._check(item)

    def pre_delete(self, item):
        records.check_deletable(item)

    def _check(self, item):
        ensure_references_in_scope(item)  # before `prepare` copies what they point at
        if self.prepare is not None:
            self.prepare(item)
        records.check_saveable(item)
        ensure_in_scope(item)


class ScopedModelView(ScopedMixin, ModelView):
    """A model's admin screen; subclasses declare datamodel, columns and `prepare`."""

    method_permission_name = VIEW_VERBS
    list_template = "base/scoped_list.html"
    list_widget = ListWidget
    extra_search_filters: dict = {}  # column -> filter classes offered after FAB's own

    def __init__(self, **kwargs):
        related = _scoped_relations(self.datamodel)
        self.add_form_query_rel_fields = related
        self.edit_form_query_rel_fields = related
        self.search_form_query_rel_fields = related
        self.add_form_extra_fields = {
            **self._checkboxes(new=True),
            **(self.add_form_extra_fields or {}),
        }
        self.edit_form_extra_fields = {**self._checkboxes(), **(self.edit_form_extra_fields or {})}
        self.formatters_columns = {**self._display_formatters(), **(self.formatters_columns or {})}
        super().__init__(**kwargs)
        for column, filters in self.extra_search_filters.items():
            extra = [kind(column, self.datamodel) for kind in filters]
            # FAB offers a column's search filters and reads a URL's filter index from all of them
            for offered in (self._filters.get_search_filters(), self._filters._all_filters):
                offered.setdefault(column, []).extend(extra)
        for form in (self.add_form, self.edit_form, self.search_form):
            accept_native_digits(form)

    def _display_formatters(self) -> dict:
        """Every column (a related one too) as the reader reads it: see app/views/display.py."""
        return display_formatters([*self.datamodel.get_columns_list(), *shown_columns(self)])

    def _checkboxes(self, new: bool = False) -> dict:
        """FAB requires input for NOT NULL booleans, so an unticked box could never be saved.
        On a new record's form a box starts as the model's default (a new department is
        active), not unticked."""
        return {
            column: BooleanField(
                self.label_columns.get(column, column),
                default=new and self._model_default(column),
            )
            for column in self.datamodel.get_columns_list()
            if self.datamodel.is_boolean(column)
        }

    def _model_default(self, column: str) -> bool:
        default = self.datamodel.obj.__table__.columns[column].default
        return bool(default.arg) if default is not None and default.is_scalar else False

    # FAB fetches action rows without base_filters: look them up through the scope instead.
    @expose("/action_post", methods=["POST"])
    def action_post(self):
        action = self._permitted_action(request.form.get("action", ""))
        items = [self.datamodel.get(pk, self._base_filters) for pk in request.form.getlist("rowid")]
        if not items or any(item is None for item in items):
            abort(404)
        return action.func(items)

    @expose("/action/<string:name>/<pk>", methods=["POST"])
    def action(self, name, pk):
        action = self._permitted_action(name)
        return action.func(self.row_or_404(pk))

    def act_on(self, pk, action, done: str):
        """Do `action(row, user)` on a row of the user's scope, say `done` (or the user's error,
        with nothing saved), and go back to the row's page."""
        with flashed_errors():
            action(self.row_or_404(pk), acting_user())
            flash(done, "success")
        return redirect(url_for(".show", pk=pk))

    def show_page(self, pk, row, **context):
        """The row's page: FAB's show widget of `row` plus what the template needs."""
        return self.render_template(
            self.show_template,
            pk=pk,
            title=self.show_title,
            widgets=self._get_show_widget(pk, row),
            **context,
        )

    def row_or_404(self, pk):
        """The row `pk` if the user's scope holds it; 404 otherwise (never 403: an id outside
        the scope is not disclosed)."""
        item = self.datamodel.get(pk, self._base_filters)
        if item is None:
            abort(404)
        return item

    def _permitted_action(self, name):
        action = self.actions.get(name)
        if action is None:  # FAB's permission lookup of an unknown name fails (a 500)
            abort(403)
        permission = self.get_action_permission_name(name)
        if not self.appbuilder.sm.has_access(permission, self.class_permission_name):
            abort(403)
        return action

    @expose("/export.csv")
    @has_access
    def export_csv(self):
        """The list as the user sees it (scope and search filters), streamed as CSV."""
        get_filter_args(self._filters)
        filters = self._filters.get_joined_filters(self._base_filters)
        query = self.datamodel.apply_filters(
            self.datamodel.session.query(self.datamodel.obj), filters
        )
        for column in self.list_columns:
            if self.datamodel.is_relation(column):
                many = self.datamodel.is_relation_many_to_many(column)
                load = selectinload if many else joinedload  # yield_per cannot join a list
                query = query.options(load(getattr(self.datamodel.obj, column)))
        columns = list(self.list_columns)
        header = [str(self.label_columns.get(c, c)) for c in columns]
        rows = (
            [_cell(value) for value in self.datamodel.get_values_item(item, columns)]
            for item in query.order_by(self.datamodel.obj.id).yield_per(500)
        )
        return csv_response(f"{self.datamodel.obj.__tablename__}.csv", header, rows)


def _cell(value) -> str:
    value = value() if callable(value) else value
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


REFUSALS = {
    400: "The body or a value in it is not acceptable",
    401: "No valid token",
    403: "The role may not do this, or the record is outside the caller's scope",
    404: "No such record in the caller's scope",
    409: "The record's state does not allow this",
    410: "Too late: the code has expired",
    413: "A photo is too large",
    422: "Wrong code",
    423: "Locked after too many wrong codes",
    429: "Too soon or too often",
}


def documented(summary: str, answer, status: int = 200, body=None, refusals=(), form=None):
    """An action's OpenAPI operation, next to it: `body` (a schema, also used to load the
    request; or `form`, a multipart form's properties), the `answer` schema sent with `status`,
    and the refusals besides 401 and 403 (each a `Refusal` body)."""
    operation = {"summary": summary, "responses": {str(status): _json(summary, answer)}}
    operation["responses"]["401"] = {"$ref": "#/components/responses/401"}
    for code in sorted({403, *refusals}):
        operation["responses"][str(code)] = _json(REFUSALS[code], api_body.Refusal)
    if body is not None:
        operation["requestBody"] = {"required": True, **_json(summary, body)}
        operation["responses"].setdefault("400", _json(REFUSALS[400], api_body.Refusal))
    if form is not None:
        schema = {"type": "object", "properties": form}
        operation["requestBody"] = {"content": {"multipart/form-data": {"schema": schema}}}

    def document(func):
        func.operation = operation
        return func

    return document


def _json(description: str, schema) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


class ScopedApi(ScopedMixin, ModelRestApi):
    """A model's REST resource under /api/v1/<resource_name>/, scoped exactly like its screen."""

    method_permission_name = API_VERBS
    allow_browser_login = True
    model2schemaconverter = openapi_fixes.Converter

    def __init__(self, **kwargs):
        related = _scoped_relations(self.datamodel)
        self.add_query_rel_fields = related
        self.edit_query_rel_fields = related
        super().__init__(**kwargs)

    def create_blueprint(self, appbuilder, *args, **kwargs):
        blueprint = super().create_blueprint(appbuilder, *args, **kwargs)
        blueprint.before_request(self._readable_query)
        return blueprint

    def _readable_query(self):
        """FAB's Rison reader crashes on some malformed numbers (`q=1e+5`, a 500): a 400."""
        return self._answer_errors(api_body.check_query, request.args.get("q"))

    # FAB answers any exception from a hook with 500 "Fatal error": map ours to their status.
    def post_headless(self):
        return self._answer_errors(self._with_related_ids, self.add_columns, super().post_headless)

    def get_list_headless(self, **kwargs):
        return self._answer_errors(self._with_query, super().get_list_headless, **kwargs)

    def info_headless(self, **kwargs):
        return self._answer_errors(self._with_query, super().info_headless, **kwargs)

    # FAB's <pk> is any text, which PostgreSQL refuses to compare with an integer id.
    def get_headless(self, pk, **kwargs):
        return self._no_such_pk(pk) or super().get_headless(pk, **kwargs)

    def put_headless(self, pk):
        return self._no_such_pk(pk) or self._answer_errors(
            self._with_related_ids, self.edit_columns, super().put_headless, pk
        )

    def delete_headless(self, pk):
        return self._no_such_pk(pk) or self._answer_errors(super().delete_headless, pk)

    def _no_such_pk(self, pk):
        if not re.fullmatch(r"[0-9]{1,10}", str(pk)) or int(pk) > api_body.INT_MAX:
            return self.response_404()
        return None

    def add_api_spec(self, api_spec):
        super().add_api_spec(api_spec)
        openapi_fixes.correct(api_spec, self.route_base)

    def _with_related_ids(self, columns, handler, *args):
        """The body's related records checked as ids before FAB looks them up (it would make up a
        record for an id nothing has, and pass a text or an object on to the database); a body
        that is JSON but no object is refused (FAB's PUT crashes on it)."""
        body = request.get_json(silent=True)
        if request.is_json and not isinstance(body, dict):
            raise InvalidBody({"body": [str(api_body.Body.error_messages["type"])]})
        if isinstance(body, dict):
            given = {c: body[c] for c in columns if self.datamodel.is_relation(c) and c in body}
            many = [c for c in given if self.datamodel.is_relation_many_to_many(c)]
            body.update(api_body.load(api_body.related_ids(given, many), given))
        return handler(*args)

    @staticmethod
    def _with_query(handler, **kwargs):
        """The query (`q`) checked: PostgreSQL refuses a negative OFFSET or a filter value
        beyond its column."""
        kwargs["rison"] = api_body.list_query(kwargs.get("rison") or {})
        return handler(**kwargs)

    def _answer_errors(self, handler, *args, **kwargs):
        try:
            return handler(*args, **kwargs)
        except (JanSevaError, IntegrityError) as raised:
            db.session.rollback()
            # IntegrityError: another request saved the same value between our check and commit
            error = raised if isinstance(raised, JanSevaError) else Conflict()
            errors = getattr(error, "errors", None)
            return self.response(
                error.status, message=str(error), **({"errors": errors} if errors else {})
            )

    @staticmethod
    def body(schema) -> dict:
        """The request's JSON body checked by `schema` (InvalidBody, a 400, if it does not fit)."""
        return api_body.load(schema, request.get_json(silent=True))

    def operation_helper(self, path=None, operations=None, methods=None, func=None, **kwargs):
        """FAB documents only functions with a YAML docstring: ours carry `documented()`."""
        operation = getattr(func, "operation", None)
        if operation is None:
            return super().operation_helper(path, operations, methods, func, **kwargs)
        parameters = [
            {"in": "path", "name": name, "required": True, "schema": {"type": "integer"}}
            for name in re.findall(r"{(\w+)}", path)
        ]
        for method in methods:
            operations[method.lower()] = {
                **operation,
                "parameters": parameters,
                "security": [{"jwt": []}],
            }
