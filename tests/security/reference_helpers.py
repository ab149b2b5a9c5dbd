"""What the reference-scope tests enumerate: every writable screen and REST resource, each of
its related fields, every role allowed to write it, and the records outside that role's scope."""

import os
from html.parser import HTMLParser

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models.base import StaffUser
from app.security.access import ACCESS_DIR, read_table
from app.security.scope import scope_criterion
from app.views.base.model_views import ScopedApi

DEMO_USERS = (
    "supervisor",
    "clerk_water",
    "clerk_roads",
    "officer_water",
    "counter",
    "postman1",
    "postman2",
    "auditor",
)


def grants() -> dict[tuple[str, str], frozenset]:
    """(role, model) -> verbs, from every module's access table."""
    table = {}
    for name in sorted(os.listdir(ACCESS_DIR)):
        for grant in read_table(name):
            table[(grant.role, grant.model)] = grant.verbs
    return table


def may(user, model: str, verb: str, table) -> bool:
    return any(verb in table.get((role.name, model), ()) for role in user.roles)


def writable(app, kind):
    """(view, verb, columns) of every registered screen (`kind` ScopedModelView) or resource
    (ScopedApi) whose add or edit takes related fields."""
    found = []
    for view in app.appbuilder.baseviews:
        if not isinstance(view, kind):
            continue
        routes = getattr(view, "include_route_methods", None)
        for verb, route, columns in (
            ("edit", "put" if kind is ScopedApi else "edit", view.edit_columns),
            ("create", "post" if kind is ScopedApi else "add", view.add_columns),
        ):
            if routes is not None and route not in routes:
                continue
            if route in (getattr(view, "exclude_route_methods", None) or ()):
                continue  # a screen without that form (tickets change through their own verbs)
            related = [c for c in columns or [] if view.datamodel.is_relation(c)]
            if related:
                found.append((view, verb, related))
    return found


def outside(view, column: str, user) -> list[int]:
    """Ids of the records `column` must not point at for `user`: those outside the reference
    rule "<Model>.<column>" when there is one, else outside the related model's row scope."""
    model = view.datamodel.obj
    target = view.datamodel.get_related_model(column)
    name = f"{model.__name__}.{column}"
    rules = current_app.extensions["janseva_rules"]
    criterion = scope_criterion(target, user, name if name in rules else None)
    if criterion is None:
        return []
    allowed = select(target.id).where(criterion)
    return list(db.session.scalars(select(target.id).where(target.id.not_in(allowed))))


def first_in_scope(model, user):
    criterion = scope_criterion(model, user)
    query = select(model.id).order_by(model.id)
    return db.session.scalars(query if criterion is None else query.where(criterion)).first()


def snapshot(model, pk) -> dict:
    """A record's columns and related lists, and every login's department and roles: what a
    refused change must leave as it was."""
    db.session.expire_all()
    row = None if pk is None else db.session.get(model, pk)
    record = {}
    if row is not None:
        mapper = db.inspect(model)
        record = {c.key: getattr(row, c.key) for c in mapper.column_attrs}
        for relation in mapper.relationships:
            if relation.uselist and not relation.viewonly and relation.secondary is not None:
                record[relation.key] = sorted(r.id for r in getattr(row, relation.key))
    logins = {
        u.id: (u.department_id, sorted(r.name for r in u.roles))
        for u in db.session.query(StaffUser)
    }
    return {"record": record, "logins": logins, "count": db.session.query(model).count()}


class FormValues(HTMLParser):
    """The values a browser would post back from a page's form (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.values.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select].append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_values(html: str) -> dict[str, list[str]]:
    parser = FormValues()
    parser.feed(html.split("<form", 1)[1].split("</form>", 1)[0] if "<form" in html else "")
    return parser.values
