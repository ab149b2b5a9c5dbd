"""Rules of the organisation records, applied whichever screen or API saves them."""

import json
import re

from app.core.errors import InvalidCode
from app.core.phones import to_e164
from app.extensions import db
from app.models.org import Category, Officer, Ward
from app.services.org.errors import InvalidGeoJSON

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def prepare_officer(officer: Officer) -> None:
    """Normalise the phone to E.164 and keep the login's department in step with the posting."""
    if officer.phone:
        officer.phone = to_e164(officer.phone)
    if officer.user is not None and officer.department_id is not None:
        officer.user.department_id = officer.department_id
    elif officer.user is not None and officer.department is not None:
        officer.user.department = officer.department


def prepare_ward(ward: Ward) -> None:
    if not ward.boundary_geojson:
        ward.boundary_geojson = None
        return
    try:
        shape = json.loads(ward.boundary_geojson)
    except (ValueError, RecursionError):  # a boundary nested deeper than the parser goes
        raise InvalidGeoJSON() from None
    if not isinstance(shape, dict) or shape.get("type") not in ("Polygon", "MultiPolygon"):
        raise InvalidGeoJSON()
    if not isinstance(shape.get("coordinates"), list):
        raise InvalidGeoJSON()


def prepare_category(category: Category) -> None:
    if not CODE_PATTERN.match(category.code or ""):
        raise InvalidCode()


def prepare_department(department) -> None:
    if department.contact_phone:
        department.contact_phone = to_e164(department.contact_phone)


def set_availability(officers: list[Officer], available: bool) -> int:
    """Mark officers on or off duty (leave, training); routing skips those off duty."""
    for officer in officers:
        officer.available = available
    db.session.commit()
    return len(officers)
