"""POST requests: an Open311 client's report becomes a ticket through the one intake every
channel uses (routed and SLA-timed like any other), located in the ward nearest its point."""

import math
import re
from urllib.parse import urlsplit

from app.core.clock import utc_now
from app.core.errors import JanSevaError
from app.extensions import db
from app.models.grievance.ticket import Channel
from app.models.open311 import Open311Request
from app.services.grievance import tickets
from app.services.open311 import attributes as open311_attributes
from app.services.open311 import keys as open311_keys
from app.services.open311.georeport import Open311Error, active_category, service_notice
from app.services.org.menus import nearest_ward

MAX_DESCRIPTION = 4000
ATTRIBUTE = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")


def submit(fields: dict[str, list[str]], uploads: list[tuple[str, bytes]] | None = None) -> dict:
    """Create the ticket a client posted (form fields as lists of values, and the photos of a
    multipart post, as FixMyStreet sends them); return the `request` of the POST answer.
    Nothing is saved when anything is refused."""
    key = open311_keys.valid_key(_one(fields, "api_key"))
    if key is None:
        raise Open311Error(403, "Invalid api_key received")
    category = active_category(_one(fields, "service_code"))
    report = _Report(fields)
    answers, lines, attribute_errors = open311_attributes.check_answers(
        open311_attributes.of_category(category.id), _attributes(fields)
    )
    errors = report.errors + attribute_errors
    if errors:
        raise Open311Error(400, *errors)
    ward = nearest_ward(report.lat, report.long) if report.lat is not None else None
    description = "\n\n".join(part for part in (report.description, "\n".join(lines)) if part)
    try:
        ticket = tickets.create_ticket(
            category_id=category.id,
            description=description or category.name,
            contact={"email": report.email, "phone": report.phone},
            channel=Channel.open311,
            ward_id=ward.id if ward else None,
            name=report.name,
            address=report.address,
            latitude=report.lat,
            longitude=report.long,
            photos=uploads,
        )
    except JanSevaError as error:
        db.session.rollback()
        raise Open311Error(400, str(error)) from None
    db.session.add(
        Open311Request(
            ticket_id=ticket.id,
            key_id=key.id,
            account_id=report.account_id,
            device_id=report.device_id,
            address_id=report.address_id,
            media_url=report.media_url,
            attributes=answers,
            created_at=utc_now(),
        )
    )
    answer = {  # read before the commit: nothing after it may turn a stored request into an error
        "service_request_id": ticket.tracking_no,
        "service_notice": service_notice(category),
        "account_id": report.account_id,
    }
    db.session.commit()
    return answer


def _one(fields: dict[str, list[str]], name: str, limit: int | None = None) -> str | None:
    """The field's first value, stripped; an empty value counts as absent (the spec says so)."""
    value = next((v.strip() for v in fields.get(name, []) if v and v.strip()), None)
    return value[:limit] if value and limit else value


def _attributes(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """`attribute[CODE]=v` and `attribute[CODE][]=v1&attribute[CODE][]=v2` by code."""
    found: dict[str, list[str]] = {}
    for name, values in fields.items():
        match = ATTRIBUTE.match(name)
        if match:
            found.setdefault(match.group(1), []).extend(values)
    return found


class _Report:
    """The posted fields checked; every problem is collected, not just the first."""

    def __init__(self, fields: dict[str, list[str]]):
        self.errors: list[str] = []
        self.email = _one(fields, "email", 254)
        self.phone = _one(fields, "phone", 32)
        first, last = _one(fields, "first_name", 60), _one(fields, "last_name", 60)
        self.name = " ".join(part for part in (first, last) if part) or None
        self.account_id = _one(fields, "account_id", 120)
        self.device_id = _one(fields, "device_id", 120) or _one(fields, "deviceid", 120)
        self.address = _one(fields, "address_string", 300)
        self.address_id = _one(fields, "address_id", 120)
        self.description = _one(fields, "description") or ""
        self.media_url = _one(fields, "media_url")
        lat, long = _one(fields, "lat"), _one(fields, "long")
        self.lat, self.long = self._point(lat, long)
        if lat is None and long is None and not self.address and not self.address_id:
            self.errors.append("A location is required: lat and long, address_string or address_id")
        if len(self.description) > MAX_DESCRIPTION:
            self.errors.append(f"description may be at most {MAX_DESCRIPTION} characters")
        if not self.email and not self.phone:
            self.errors.append("email or phone is required, so that we can reach the reporter")
        if self.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", self.email):
            self.errors.append("email is not a valid e-mail address")
        if self.media_url and not _web_address(self.media_url):
            self.errors.append("media_url must be an http or https URL of at most 2000 characters")

    def _point(self, lat: str | None, long: str | None) -> tuple[float | None, float | None]:
        if lat is None and long is None:
            return None, None
        try:
            point = float(lat), float(long)
        except (TypeError, ValueError):
            point = (math.nan, math.nan)
        if not all(math.isfinite(v) for v in point):
            self.errors.append("lat and long must be sent together, as WGS84 decimal degrees")
            return None, None
        if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
            self.errors.append("lat must be within -90..90 and long within -180..180")
            return None, None
        return point


def _web_address(url: str) -> bool:
    parts = urlsplit(url)
    return len(url) <= 2000 and parts.scheme in ("http", "https") and bool(parts.netloc)
