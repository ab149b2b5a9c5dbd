"""The role rows users are linked to; what each role may do lives in app/security/access/."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.security.access import ROLES

# What each role is called on screens (the role rows keep their English names).
ROLE_LABELS = {
    "Admin": _l("Administrator"),
    "Supervisor": _l("Supervisor"),
    "Clerk": _l("Clerk"),
    "Officer": _l("Officer"),
    "Counter": _l("Counter clerk"),
    "Postman": _l("Postman"),
    "Auditor": _l("Auditor"),
    "Public": _l("Public"),
}


def ensure_roles() -> dict:
    """Create any missing role row (Admin, Supervisor, ..., Public); return them by name."""
    sm = current_app.appbuilder.sm
    names = list(ROLES) + [sm.auth_role_public]
    return {name: sm.find_role(name) or sm.add_role(name) for name in names}


def role_label(role) -> str:
    name = getattr(role, "name", role)
    return str(ROLE_LABELS.get(name, name))
