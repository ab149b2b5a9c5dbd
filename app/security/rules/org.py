"""Row rules of the organisation module."""

from flask_appbuilder.security.sqla.models import Role
from sqlalchemy import and_, false, select

from app.models.base import StaffUser
from app.models.org import Category, Department, Officer, Ward, officer_ward
from app.security.rules import ALL
from app.security.rules.base import same_department

FIELD_ROLES = ("Officer", "Postman")


def own_department(column):
    return lambda user: column == user.department_id if user.department_id else false()


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
        "Clerk": own_department(Department.id),
        "Officer": own_department(Department.id),
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
        "Clerk": own_department(Officer.department_id),
        "Officer": own_officer_record,
        "Counter": own_department(Officer.department_id),
        "Postman": own_officer_record,
    },
    "Category": {
        "Supervisor": ALL,
        "Auditor": ALL,
        "Clerk": own_department(Category.department_id),
        "Officer": own_department(Category.department_id),
    },
    # The logins an officer record may point at (besides the Officer rows themselves).
    "Officer.user": {
        "Supervisor": field_logins,
        "Clerk": field_logins_of_department,
        "Counter": field_logins_of_department,
    },
}
