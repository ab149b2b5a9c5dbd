"""The access table: role x model x permission, one CSV per module (Odoo's ir.model.access).

`Admin` may do everything and is not listed. A model's views and REST API share one permission
name (the model's name) and four verbs, so the table reads the same for the UI and the API:
read (list, show, export, API GET), create, edit, delete.
"""

import csv
import os
from dataclasses import dataclass

ROLES = ("Admin", "Supervisor", "Clerk", "Officer", "Counter", "Postman", "Auditor")
VERBS = ("read", "create", "edit", "delete")
ACCESS_DIR = os.path.join(os.path.dirname(__file__), "access")

# Flask-AppBuilder's own screens, named in the table as pseudo-models.
FAB_SCREENS = {
    "Profile": {
        "read": [
            ("UserInfoEditView", "can_this_form_get"),
            ("UserDBModelView", "can_userinfo"),
            ("ResetMyPasswordView", "can_this_form_get"),
        ],
        "edit": [
            ("UserInfoEditView", "can_this_form_post"),
            ("ResetMyPasswordView", "can_this_form_post"),
        ],
    },
    "User": {
        "read": [
            ("UserDBModelView", "can_list"),
            ("UserDBModelView", "can_show"),
            ("List Users", "menu_access"),
            ("Security", "menu_access"),
        ],
    },
    # the REST API's OpenAPI document (/api/v1/_openapi), for integrators with their own role
    "OpenApi": {
        "read": [("OpenApi", "can_get")],
    },
}


@dataclass(frozen=True)
class Grant:
    role: str
    model: str
    verbs: frozenset


def read_table(filename: str, folder: str = ACCESS_DIR) -> list[Grant]:
    """The grants of one module's CSV: `filename` in app/security/access/, or in the folder of a
    module from outside the tree (its manifest's `root`)."""
    with open(os.path.join(folder, filename), newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    grants = []
    for row in rows:
        if row["role"] not in ROLES:
            raise ValueError(f"{filename}: unknown role {row['role']!r}")
        verbs = frozenset(v for v in VERBS if row[v].strip() == "1")
        grants.append(Grant(row["role"], row["model"], verbs))
    return grants


def fab_roles(grants: list[Grant], menus: dict[str, list[str]]) -> dict[str, list[list[str]]]:
    """FAB_ROLES (regexes, anchored at both ends) from the table; `menus` maps a model to the
    menu item and category that show it."""
    roles: dict[str, list[list[str]]] = {"Admin": [[".*", ".*"]]}
    for grant in grants:
        pairs = roles.setdefault(grant.role, [])
        if grant.model in FAB_SCREENS:
            for verb in grant.verbs:
                for view, permission in FAB_SCREENS[grant.model].get(verb, []):
                    pairs.append([f"^{view}$", f"^{permission}$"])
            continue
        for verb in sorted(grant.verbs):
            pairs.append([f"^{grant.model}$", f"^can_{verb}$"])
        if "read" in grant.verbs:
            for menu_name in menus.get(grant.model, []):
                pairs.append([f"^{menu_name}$", "^menu_access$"])
    for role in ROLES:
        roles.setdefault(role, [])
    return roles
