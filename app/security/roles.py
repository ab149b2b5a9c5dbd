"""The role rows users are linked to; what each role may do lives in app/security/access/."""

from flask import current_app

from app.security.access import ROLES


def ensure_roles() -> dict:
    """Create any missing role row (Admin, Supervisor, ..., Public); return them by name."""
    sm = current_app.appbuilder.sm
    names = list(ROLES) + [sm.auth_role_public]
    return {name: sm.find_role(name) or sm.add_role(name) for name in names}
