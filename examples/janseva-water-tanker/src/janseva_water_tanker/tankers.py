"""Asking for a water tanker: the checks every request passes, from the clerks' screen, the
public page or a script, and its routing to the department that sends tankers."""

import os

from flask import current_app
from sqlalchemy import inspect

from app.core.clock import utc_now
from app.core.dates import local_day
from app.core.phones import to_e164
from app.extensions import db
from app.models.org import Department
from app.security import rate_limits
from janseva_water_tanker.errors import (
    DayInThePast,
    LitresOutOfRange,
    NoWaterDepartment,
    TooManyTankerRequests,
)
from janseva_water_tanker.models import TankerRequest

LEAST_LITRES, MOST_LITRES = 1000, 20000  # a small tractor tanker to a full lorry
# The module's settings (the environment, or the app's config in tests) and their defaults.
SETTINGS = {
    "WATER_TANKER_DEPARTMENT": "WATER",  # code of the department tankers are routed to
    # requests from the public page, per mobile number and per address
    "WATER_TANKER_LIMIT_PHONE": "3 per day",
    "WATER_TANKER_LIMIT_ADDRESS": "20 per hour",
}


def water_department() -> Department:
    """The department tankers are routed to (WATER unless the deployment names another)."""
    code = setting("WATER_TANKER_DEPARTMENT")
    department = db.session.query(Department).filter_by(code=code, active=True).one_or_none()
    if department is None:
        raise NoWaterDepartment(code=code)
    return department


def prepare(request: TankerRequest) -> None:
    """Check a request before it is saved and route a new one to the Water department."""
    if not LEAST_LITRES <= (request.litres or 0) <= MOST_LITRES:
        raise LitresOutOfRange(least=LEAST_LITRES, most=MOST_LITRES)
    if _changed(request, "wanted_on") and request.wanted_on < local_day(utc_now()):
        raise DayInThePast()
    request.phone = to_e164(request.phone or "")
    if request.department_id is None and request.department is None:
        request.department = water_department()
    if request.requested_at is None:
        request.requested_at = utc_now()


def ask(fields: dict, address: str) -> TankerRequest:
    """A citizen's request from the public page (`address`: where it came from); refused
    past the deployment's limits per mobile number and per address."""
    request = TankerRequest(
        ward_id=fields["ward_id"],
        address=fields["address"].strip(),
        litres=fields["litres"],
        wanted_on=fields["wanted_on"],
        phone=fields["phone"],
    )
    prepare(request)
    if not _within_limit("WATER_TANKER_LIMIT_ADDRESS", address):
        raise TooManyTankerRequests()
    if not _within_limit("WATER_TANKER_LIMIT_PHONE", request.phone):
        raise TooManyTankerRequests()
    db.session.add(request)
    db.session.commit()
    return request


def _within_limit(name: str, key: str) -> bool:
    """One more request counted against the limit (in the rate limiter's storage, as the
    portal's reports are); False once it is passed."""
    return rate_limits.within_limit(setting(name), "water_tanker", name, key)


def setting(name: str) -> str:
    """A setting of the module: the app's config, else the environment, else its default."""
    return current_app.config.get(name) or os.environ.get(name, "").strip() or SETTINGS[name]


def _changed(request: TankerRequest, column: str) -> bool:
    state = inspect(request)
    return state.transient or state.pending or state.attrs[column].history.has_changes()
