"""Every session and token of a login ends together.

Logout, a new password (own or set by an admin), deactivation and a change of roles or groups
raise the login's `session_generation`. The web session (Flask-Login's id, "<id>:<generation>")
and each JWT (the `generation` claim) carry the generation they were issued in, and a login is
found only under its current one: one criterion for cookies, access and refresh tokens.
"""

import re

from flask import has_request_context, jsonify
from flask_appbuilder.security.sqla.models import Group, Role
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import event, inspect, update
from sqlalchemy.orm import Session

from app.extensions import db
from app.models.base import StaffUser

GENERATION_CLAIM = "generation"
# A change to any of these ends the login's sessions; `active` covers deactivation.
USER_ATTRIBUTES = ("password", "active", "roles", "groups")


def by_id(get_user, user_id):
    """The login `user_id` names, or None: any text may come (a form's `?pk=`, a cookie)."""
    if not re.fullmatch(r"[0-9]{1,10}", str(user_id)) or int(user_id) >= 2**31:
        return None
    return get_user(int(user_id))


def find(get_user, user_id, generation):
    """The active login `user_id` if `generation` is still its current one, else None."""
    if not re.fullmatch(r"[0-9]{1,10}", str(generation)):
        return None  # sessions and tokens issued before generations existed end too
    user = by_id(get_user, user_id)
    if user is None or not user.is_active or user.session_generation != int(generation):
        return None
    return user


def from_session_id(get_user, session_id: str):
    user_id, _sep, generation = str(session_id).partition(":")
    return find(get_user, user_id, generation)


def token_claims(get_user, identity) -> dict:
    user = by_id(get_user, identity)
    return {GENERATION_CLAIM: user.session_generation if user else -1}


def end_all(user) -> None:
    """Logout: every session and token of this login ends, on every device."""
    user.session_generation += 1
    db.session.commit()


def keep_this_browser(user) -> None:
    """After changing their own password, the person who did it stays logged in here."""
    if has_request_context() and current_user.is_authenticated and current_user.id == user.id:
        login_user(user)


def ended_answer(_jwt_header=None, _jwt_data=None):
    message = _("Your session has ended: log in again.")
    return jsonify({"message": message, "msg": message}), 401


@event.listens_for(Session, "before_flush")
def _end_sessions_of_changed_logins(session, _context, _instances) -> None:
    changed = {record for record in session.dirty if _login_changed(record)}
    for user in changed:
        user.session_generation = (user.session_generation or 0) + 1
    members = _members_of_changed_groups(session) - {user.id for user in changed}
    if members:
        generation = StaffUser.__table__.c.session_generation
        session.execute(
            update(StaffUser.__table__)
            .where(StaffUser.__table__.c.id.in_(members))
            .values(session_generation=generation + 1)
        )
        for record in list(session.identity_map.values()):
            if isinstance(record, StaffUser) and record.id in members:
                session.expire(record, ["session_generation"])


def _login_changed(record) -> bool:
    if not isinstance(record, StaffUser):
        return False
    state = inspect(record)
    return any(state.attrs[name].history.has_changes() for name in USER_ATTRIBUTES)


def _members_of_changed_groups(session) -> set[int]:
    """Logins whose roles changed from the other side: added to or removed from a group, in a
    group whose roles changed, or in a group being created or deleted or a role being deleted."""
    ids: set[int] = set()
    for record in session.dirty:
        if isinstance(record, Group):
            added, _kept, removed = inspect(record).attrs.users.history
            ids.update(user.id for user in (*(added or ()), *(removed or ())))
            if inspect(record).attrs.roles.history.has_changes():
                ids.update(user.id for user in record.users)
    for record in (*session.new, *session.deleted):
        if isinstance(record, Group):
            ids.update(user.id for user in record.users)
        elif isinstance(record, Role):
            ids.update(user.id for user in record.user)
    return {user_id for user_id in ids if user_id is not None}
