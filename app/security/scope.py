"""Row scope: one filter that every list, show, edit, delete, action, dropdown, export and REST
call goes through, one check that a change keeps a record inside the user's scope, and one that
it points only at records inside that scope."""

from flask import current_app
from flask_appbuilder.models.filters import BaseFilter
from sqlalchemy import false, inspect, or_, select
from sqlalchemy.orm import RelationshipDirection

from app.core.errors import OutOfScope
from app.extensions import db
from app.security.rules import ALL


def acting_user():
    return current_app.appbuilder.sm.current_user


def role_names(user) -> set[str]:
    return {role.name for role in getattr(user, "roles", [])}


def is_supervisor(user) -> bool:
    """Supervisors (and admins) may do what a locked or escalated case needs."""
    return bool({"Admin", "Supervisor"} & role_names(user))


def scope_criterion(model, user, name: str | None = None):
    """None when the user sees every row of `model`; otherwise the SQL criterion of their rows
    (by the rules of `name`, the model's own name unless given)."""
    if user is None:
        return false()
    roles = role_names(user)
    if "Admin" in roles:
        return None
    rules = current_app.extensions["janseva_rules"].get(name or model.__name__, {})
    criteria = []
    for role in sorted(roles):
        rule = rules.get(role)
        if rule == ALL:
            return None
        criterion = rule(user) if rule is not None else None
        if isinstance(criterion, str) and criterion == ALL:  # a rule may answer "every row"
            return None
        if criterion is not None:
            criteria.append(criterion)
    return or_(*criteria) if criteria else false()


def restrict(query, model, name: str | None = None):
    """`query` narrowed to the rows of `model` the acting user may see (or may point at by the
    reference rule `name`, "<Model>.<relation>")."""
    criterion = scope_criterion(model, acting_user(), name)
    return query if criterion is None else query.filter(criterion)


def visible(model, pk):
    """The row of `model` with id `pk` when the acting user may see it; None otherwise."""
    return restrict(db.session.query(model), model).filter(model.id == pk).first()


class RowScope(BaseFilter):
    """FAB filter applying the acting user's row rules to whatever model it is bound to (with
    a value: the reference rule of that name, when the rules hold one)."""

    name = "Row scope"

    def apply(self, query, value):
        named = value if value in current_app.extensions["janseva_rules"] else None
        return restrict(query, self.model, named)


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


def ensure_references_in_scope(item, user=None) -> None:
    """Refuse a change that points `item` at a record outside the scope of `user` (the acting
    user unless given): every record it newly refers to, by whichever form, API or service,
    must be one the user may see, or one the rule "<Model>.<relation>" allows when the rules
    name one (an officer record may only take a field login). Call it before anything copies
    the new reference's values around (an officer's department onto their login)."""
    user = acting_user() if user is None else user
    if "Admin" in role_names(user):
        return
    rules = current_app.extensions["janseva_rules"]
    state = inspect(item)
    with db.session.no_autoflush:
        for relation in state.mapper.relationships:
            if relation.viewonly or relation.direction is RelationshipDirection.ONETOMANY:
                continue
            targets = _new_targets(state, relation)
            if not targets:
                continue
            model = relation.mapper.class_
            name = f"{state.mapper.class_.__name__}.{relation.key}"
            criterion = scope_criterion(model, user, name if name in rules else None)
            if criterion is None:
                continue
            query = select(model.id).where(model.id.in_(targets), criterion)
            if set(db.session.scalars(query)) != targets:
                db.session.rollback()
                raise OutOfScope()


def _new_targets(state, relation) -> set:
    """The ids `relation` was just given (added to a list, set as an object or as its id)."""
    added = state.attrs[relation.key].history.added
    targets = {getattr(row, "id", None) for row in added if row is not None}
    if relation.direction is RelationshipDirection.MANYTOONE:
        for column in relation.local_columns:
            key = state.mapper.get_property_by_column(column).key
            targets |= {value for value in state.attrs[key].history.added if value is not None}
    targets.discard(None)  # a record created in the same change is the change's own
    return targets
