"""Row scope: one filter that every list, show, edit, delete, action, dropdown, export and REST
call goes through, and one check that a change keeps a record inside the user's scope."""

from flask import current_app
from flask_appbuilder.models.filters import BaseFilter
from sqlalchemy import false, or_

from app.errors import OutOfScope
from app.extensions import db
from app.security.rules import ALL


def acting_user():
    return current_app.appbuilder.sm.current_user


def role_names(user) -> set[str]:
    return {role.name for role in getattr(user, "roles", [])}


def is_supervisor(user) -> bool:
    """Supervisors (and admins) may do what a locked or escalated case needs."""
    return bool({"Admin", "Supervisor"} & role_names(user))


def scope_criterion(model, user):
    """None when the user sees every row of `model`; otherwise the SQL criterion of their rows."""
    if user is None:
        return false()
    roles = role_names(user)
    if "Admin" in roles:
        return None
    rules = current_app.extensions["janseva_rules"].get(model.__name__, {})
    criteria = []
    for role in sorted(roles):
        rule = rules.get(role)
        if rule == ALL:
            return None
        if rule is not None:
            criteria.append(rule(user))
    return or_(*criteria) if criteria else false()


def restrict(query, model):
    """`query` narrowed to the rows of `model` the acting user may see."""
    criterion = scope_criterion(model, acting_user())
    return query if criterion is None else query.filter(criterion)


def visible(model, pk):
    """The row of `model` with id `pk` when the acting user may see it; None otherwise."""
    return restrict(db.session.query(model), model).filter(model.id == pk).first()


class RowScope(BaseFilter):
    """FAB filter applying the acting user's row rules to whatever model it is bound to."""

    name = "Row scope"

    def apply(self, query, value):
        return restrict(query, self.model)


SCOPE_FILTER = ["id", RowScope, None]


def ensure_in_scope(item, user=None) -> None:
    """Refuse a change that would put `item` (or what it points to) outside the scope of `user`
    (the acting user unless given)."""
    user = acting_user() if user is None else user
    model = type(item)
    criterion = scope_criterion(model, user)
    if criterion is None:
        return
    db.session.add(item)
    db.session.flush()
    visible = db.session.query(model.id).filter(model.id == item.id, criterion).first()
    if visible is None:
        db.session.rollback()
        raise OutOfScope()
