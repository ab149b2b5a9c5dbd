"""Row rules of the shared base: which staff logins a role may pick or see."""

from sqlalchemy import false

from app.models.base import StaffUser
from app.security.rules import ALL


def same_department(user):
    return StaffUser.department_id == user.department_id if user.department_id else false()


def own_login(user):
    return StaffUser.id == user.id


RULES = {
    "StaffUser": {
        "Supervisor": ALL,
        "Auditor": ALL,
        "Clerk": same_department,
        "Counter": same_department,
        "Officer": own_login,
        "Postman": own_login,
    },
}
