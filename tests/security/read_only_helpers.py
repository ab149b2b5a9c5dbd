"""The write paths of the staff application, read from the app's url_map and Flask-AppBuilder's
registered views: every route of a FAB view or REST API that takes a POST, PUT, PATCH or
DELETE, or whose permission is a write verb (create, edit, delete). A path added tomorrow is
in the list without editing the tests."""

import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.views.base.model_views import ScopedModelView

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
WRITE_VERBS = {"create", "edit", "delete"}

# The user's own account, which every role keeps (the access table's "Profile"), and signing
# in and out: not writes of the role's records.
OWN_ACCOUNT = {
    "AuthDBView",
    "UserInfoEditView",
    "ResetMyPasswordView",
    "SecurityApi",
    "LocaleView",
}


@dataclass(frozen=True)
class WritePath:
    view: object
    rule: str
    method: str
    endpoint: str


def write_paths(app) -> list[WritePath]:
    views = {view.blueprint.name: view for view in app.appbuilder.baseviews if view.blueprint}
    found = []
    for rule in app.url_map.iter_rules():
        blueprint, _, function = rule.endpoint.partition(".")
        view = views.get(blueprint)
        if view is None or blueprint in OWN_ACCOUNT:
            continue  # public pages and webhooks carry their own token or signature
        verb = (getattr(view, "method_permission_name", None) or {}).get(function, function)
        methods = sorted(rule.methods & UNSAFE)
        if not methods and (verb in WRITE_VERBS or function in ("add", "edit", "delete")):
            methods = ["GET"]
        found += [WritePath(view, rule.rule, method, rule.endpoint) for method in methods]
    return sorted(found, key=lambda path: (path.rule, path.method))


def last_id(model) -> int:
    """The newest record (the test makes a fresh ticket, payment and article to act on)."""
    return db.session.query(model.id).order_by(model.id.desc()).limit(1).scalar() or 1


def record_id(path: WritePath) -> int:
    """The record a path acts on: the newest of its view's model (the postman's: articles)."""
    datamodel = getattr(path.view, "datamodel", None)
    if datamodel is not None:
        return last_id(datamodel.obj)
    if path.view.__class__.__name__ == "PostmanView":
        from app.models.postal import Article

        return last_id(Article)
    return 1


def urls(path: WritePath) -> list[str]:
    """The rule with its arguments filled: a real record's id, and each action by name."""
    pk = record_id(path)
    url = re.sub(r"<(?:[a-z]+:)?(pk|photo_id)>", str(pk), path.rule)
    url = re.sub(r"<(?:[a-z]+(?:\([^)]*\))?:)?size>", "full", url)
    if "<string:name>" in url:
        return [url.replace("<string:name>", name) for name in _action_names(path)]
    return [re.sub(r"<[^>]+>", "1", url)]


def actions(path: WritePath) -> list[str]:
    """The list actions (bulk actions) a form post to action_post may name."""
    if not path.rule.endswith("/action_post"):
        return [""]
    return _action_names(path)


def _action_names(path: WritePath) -> list[str]:
    """Each action of the view; where it has none, a made-up name (FAB's own security views
    answer that with a 500, so only JanSeva's views are asked it)."""
    names = sorted(getattr(path.view, "actions", {}) or {})
    return names or (["none"] if isinstance(path.view, ScopedModelView) else [])


def fingerprint() -> dict[str, str]:
    """A digest of every table's rows: any write anywhere changes it."""
    db.session.expire_all()
    digests = {}
    for table in db.metadata.sorted_tables:
        rows = sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
        digests[table.name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    db.session.rollback()
    return digests
