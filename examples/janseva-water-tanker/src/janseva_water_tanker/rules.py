"""Row rules: a clerk sees the requests of their own department (and those they took at the
desk, whichever department they work for), an officer their department's, a supervisor all."""

from sqlalchemy import false, or_

from app.security.rules import ALL
from janseva_water_tanker.models import TankerRequest


def own_department(user):
    return TankerRequest.department_id == user.department_id if user.department_id else false()


def own_department_or_taken(user):
    return or_(own_department(user), TankerRequest.requested_by_id == user.id)


RULES = {
    "TankerRequest": {
        "Supervisor": ALL,
        "Clerk": own_department_or_taken,
        "Officer": own_department,
    },
}
