"""Row rules of the organisation module, and the tree's scope the other modules' rules use: a
login given units (staff_unit) or heading one sees what is held in those units' subtrees
(narrowed to its department when it has one); a login without units keeps its department."""

from flask import g, has_request_context
from flask_appbuilder.security.sqla.models import Role
from sqlalchemy import and_, false, or_, select, true
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models.base import StaffUser
from app.models.org import Category, Department, Officer, OrgUnit, Ward, officer_ward, staff_unit
from app.security.rules import ALL
from app.security.rules.base import same_department

FIELD_ROLES = ("Officer", "Postman")
EVERY_ROLE = ("Supervisor", "Auditor", "Clerk", "Officer", "Counter", "Postman")


def units_of(user) -> list[OrgUnit]:
    """The units a login works for: those given to it (staff_unit) and those it heads."""
    if user is None or getattr(user, "id", None) is None:
        return []
    given = select(staff_unit.c.org_unit_id).where(staff_unit.c.user_id == user.id)
    return list(
        db.session.scalars(
            select(OrgUnit)
            .where(or_(OrgUnit.id.in_(given), OrgUnit.head_id == user.id))
            .order_by(OrgUnit.path)
        )
    )


def scope_unit_ids(user) -> list[int] | None:
    """The ids of every unit in the subtrees of a login's units (one query); None for a login
    with no unit (its department decides its scope). Read once per request."""
    key = f"_tree_scope_{getattr(user, 'id', None)}"
    if has_request_context() and key in g:
        return g.get(key)
    ids = None
    if getattr(user, "id", None) is not None:
        anchor = aliased(OrgUnit)
        given = select(staff_unit.c.org_unit_id).where(staff_unit.c.user_id == user.id)
        subtree = (
            select(OrgUnit.id)
            .join(anchor, OrgUnit.path.startswith(anchor.path))
            .where(or_(anchor.id.in_(given), anchor.head_id == user.id))
            .distinct()
        )
        ids = list(db.session.scalars(subtree)) or None  # a unit is in its own subtree
    if has_request_context():
        setattr(g, key, ids)
    return ids


def units_within_scope(user):
    """The units a supervisor may give a login: any, or those of their own subtrees."""
    units = scope_unit_ids(user)
    return ALL if units is None else OrgUnit.id.in_(units)


def own_department(column):
    return lambda user: column == user.department_id if user.department_id else false()


def in_tree(unit_column, department_column, otherwise):
    """Rows held in the login's subtrees (and its department, if any), or `otherwise(user)` for
    a login without units."""

    def rule(user):
        units = scope_unit_ids(user)
        if units is None:
            return otherwise(user)
        held = unit_column.in_(units)
        if user.department_id and department_column is not None:
            return and_(held, department_column == user.department_id)
        return held

    return rule


def own_department_or_units(column):
    """A department-wide record: the login's own department's; every one for a login that has
    units but no department (a district SP answers for every department in the district)."""

    def rule(user):
        if user.department_id:
            return column == user.department_id
        return true() if scope_unit_ids(user) is not None else false()

    return rule


def whole_or_tree(unit_column, department_column):
    """A deployment-wide role (Supervisor): every row, or its subtrees' when given units."""
    return in_tree(unit_column, department_column, lambda user: ALL)


def own_officer_record(user):
    return Officer.user_id == user.id


def beat_wards(user):
    """A postman's beat: the wards on their officer record."""
    beat = (
        select(officer_ward.c.ward_id)
        .join(Officer, Officer.id == officer_ward.c.officer_id)
        .where(Officer.user_id == user.id)
    )
    return Ward.id.in_(beat)


def field_logins(user):
    """Logins an officer record may be given: officers' and postmen's, never a desk's (an
    officer record moves its login into its department)."""
    return StaffUser.roles.any(Role.name.in_(FIELD_ROLES))


def field_logins_of_department(user):
    return and_(same_department(user), field_logins(user))


RULES = {
    "Department": {
        "Supervisor": ALL,
        "Auditor": ALL,
        "Clerk": own_department_or_units(Department.id),
        "Officer": own_department_or_units(Department.id),
        "Counter": own_department(Department.id),
        "Postman": own_department(Department.id),
    },
    "Ward": {
        "Supervisor": ALL,
        "Auditor": ALL,
        "Clerk": ALL,
        "Officer": ALL,
        "Counter": ALL,
        "Postman": beat_wards,
    },
    "Officer": {
        "Supervisor": ALL,
        "Auditor": ALL,
        "Clerk": in_tree(
            Officer.org_unit_id, Officer.department_id, own_department(Officer.department_id)
        ),
        "Officer": own_officer_record,
        "Counter": own_department(Officer.department_id),
        "Postman": own_officer_record,
    },
    "Category": {
        "Supervisor": ALL,
        "Auditor": ALL,
        "Clerk": own_department_or_units(Category.department_id),
        "Officer": own_department_or_units(Category.department_id),
    },
    # The tree and its calendars are read by everyone (a transfer may go to any unit); the
    # screens that change them are the Admin's (and a Supervisor's for holidays).
    "OrgUnit": dict.fromkeys(EVERY_ROLE, ALL),
    "Holiday": dict.fromkeys(EVERY_ROLE, ALL),
    "PriorityTarget": {"Supervisor": ALL, "Auditor": ALL, "Clerk": ALL, "Officer": ALL},
    "LadderStep": {"Supervisor": ALL, "Auditor": ALL, "Clerk": ALL, "Officer": ALL},
    "StaffUser.org_units": {"Supervisor": units_within_scope},
    # The logins an officer record may point at (besides the Officer rows themselves).
    "Officer.user": {
        "Supervisor": field_logins,
        "Clerk": field_logins_of_department,
        "Counter": field_logins_of_department,
    },
}
