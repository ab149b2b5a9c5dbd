"""Open311 GeoReport v2, read side: discovery, services, service definitions and requests as
plain dicts in the spec's field order; the views turn the same dicts into XML or JSON.

A request's own words and place (description, address, coordinates, photos) are published only
for requests an Open311 client posted for publication; a walk-in's or a chat's are personal, so
those requests show their category, state, department, dates and ward only (as /track does).
"""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import noload

from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.ticket import Channel, Ticket, TicketPhoto
from app.models.open311 import Open311Request
from app.models.org import Category
from app.services.grievance import ticket_states, tickets
from app.services.grievance.errors import BadTrackingNumber
from app.services.open311 import attributes as open311_attributes

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-24T00:00:00Z"  # change when what /open311/v2/ answers changes
FORMATS = ["text/xml", "application/json"]
MAX_REQUESTS = 1000
WINDOW = timedelta(days=90)
PUBLISHED_CHANNELS = {Channel.open311}
PHOTO_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


class Open311Error(Exception):
    """Errors in the spec's shape: one HTTP status, one or more {code, description}."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__("; ".join(descriptions))
        self.status = status
        self.errors = [{"code": status, "description": text} for text in descriptions]


def base_url() -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/open311/v2"


def discovery() -> dict:
    site = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return {
        "changeset": CHANGESET,
        "contact": _(
            "%(app)s service desk, %(site)s", app=current_app.config["APP_NAME"], site=site
        ),
        "key_service": _("API keys are issued by the administrators of %(site)s.", site=site),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base_url(),
                "changeset": CHANGESET,
                "type": "production" if current_app.config.get("PRODUCTION") else "test",
                "formats": list(FORMATS),
            }
        ],
    }


def services() -> list[dict]:
    """Every active category is a service; its code is the service_code."""
    with_metadata = open311_attributes.categories_with_attributes()
    categories = db.session.query(Category).filter_by(active=True).order_by(Category.code)
    return [
        {
            "service_code": category.code,
            "service_name": category.label(),
            "description": category.localized("description") or None,
            "metadata": category.id in with_metadata,
            "type": "realtime",
            "keywords": category.kind.value,
            "group": category.department.label(),
        }
        for category in categories
    ]


def active_category(code: str | None) -> Category:
    if not code:
        raise Open311Error(400, "service_code is required")
    category = db.session.query(Category).filter_by(code=code, active=True).first()
    if category is None:
        raise Open311Error(404, f"No service has the service_code {code!r}")
    return category


def definition(code: str) -> dict:
    category = active_category(code)
    attributes = open311_attributes.of_category(category.id)
    return {
        "service_code": category.code,
        "attributes": [open311_attributes.published(a) for a in attributes],
    }


def find_requests(args: dict[str, str]) -> list[dict]:
    """GET requests: `service_request_id` (a comma list) overrides every other filter; else
    service_code and status comma lists and a window of at most 90 days (the last 90 days by
    default); newest first, at most 1000."""
    query = db.session.query(Ticket).options(noload(Ticket.citizen), noload(Ticket.assignee))
    numbers = _list(args.get("service_request_id"))
    if numbers:
        # a mistyped number matches nothing
        query = query.filter(Ticket.id.in_(tickets.ids_by_tracking_no(numbers)))
    else:
        query = _filtered(query, args)
    rows = query.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(MAX_REQUESTS).all()
    return _published_requests(rows)


def one_request(number: str) -> list[dict]:
    try:
        ticket = tickets.by_tracking_no(number)
    except BadTrackingNumber:
        ticket = None
    if ticket is None:
        raise Open311Error(404, f"No service request has the id {number!r}")
    return _published_requests([ticket])


def token(value: str) -> list[dict]:
    # Every service is "realtime": a POST answers with the service_request_id, never a token.
    raise Open311Error(404, f"No service request has the token {value!r}")


def photo(photo_id: int, extension: str) -> TicketPhoto | None:
    """A photo of a published request, at the URL its media_url gives; None otherwise."""
    found = (
        db.session.query(TicketPhoto)
        .join(Ticket, Ticket.id == TicketPhoto.ticket_id)
        .filter(TicketPhoto.id == photo_id, Ticket.channel.in_(PUBLISHED_CHANNELS))
        .first()
    )
    if found is None or PHOTO_EXTENSIONS.get(found.content_type) != extension:
        return None
    return found


def service_notice(category: Category) -> str:
    return _(
        "%(department)s aims to resolve this within %(hours)s hours.",
        department=category.department.label(),
        hours=str(category.resolution_hours),
    )


def w3c(moment: datetime | None) -> str | None:
    """A stored (naive UTC) time in the deployment's zone, with its offset."""
    if moment is None:
        return None
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return moment.replace(tzinfo=UTC).astimezone(zone).isoformat(timespec="seconds")


def parse_w3c(text: str, name: str) -> datetime:
    """A W3C date or date-time as naive UTC; without a zone, the deployment's zone is meant."""
    # An unescaped "+05:30" in a query string arrives as " 05:30".
    text = re.sub(r" (\d\d:?\d\d)$", r"+\1", text.strip())
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Open311Error(
            400, f"{name} must be a W3C date-time, e.g. 2025-01-01T00:00:00Z"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
    return moment.astimezone(UTC).replace(tzinfo=None)


def _list(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _filtered(query, args: dict[str, str]):
    codes = _list(args.get("service_code"))
    if codes:
        query = query.filter(
            Ticket.category_id.in_(select(Category.id).where(Category.code.in_(codes)))
        )
    start, end = _window(args.get("start_date"), args.get("end_date"))
    query = query.filter(Ticket.created_at >= start, Ticket.created_at <= end)
    statuses = set(_list(args.get("status")))
    if statuses - {"open", "closed"}:
        raise Open311Error(400, "status must be open, closed or both (comma-separated)")
    if statuses == {"open"}:
        query = query.filter(Ticket.state.in_(ticket_states.open_states()))
    elif statuses == {"closed"}:
        query = query.filter(Ticket.state.notin_(ticket_states.open_states()))
    return query


def _window(start_text: str | None, end_text: str | None) -> tuple[datetime, datetime]:
    start = parse_w3c(start_text, "start_date") if start_text else None
    end = parse_w3c(end_text, "end_date") if end_text else None
    if start is None and end is None:
        end = utc_now()
    if start is None:
        start = end - WINDOW
    if end is None:
        end = start + WINDOW
    if end < start:
        raise Open311Error(400, "end_date must not be before start_date")
    if end - start > WINDOW:
        raise Open311Error(400, "start_date and end_date may be at most 90 days apart")
    return start, end


def _published_requests(tickets: list[Ticket]) -> list[dict]:
    """The tickets as `request` dicts; photos and posted extras read in two queries."""
    published = {t.id for t in tickets if Channel(t.channel) in PUBLISHED_CHANNELS}
    photos: dict[int, str] = {}
    posted: dict[int, tuple] = {}
    if published:
        found = (
            db.session.query(TicketPhoto.ticket_id, TicketPhoto.id, TicketPhoto.content_type)
            .filter(TicketPhoto.ticket_id.in_(published))
            .order_by(TicketPhoto.id)
        )
        for ticket_id, photo_id, content_type in found:
            photos.setdefault(ticket_id, _photo_url(photo_id, content_type))
        extras = db.session.query(
            Open311Request.ticket_id, Open311Request.media_url, Open311Request.address_id
        ).filter(Open311Request.ticket_id.in_(published))
        posted = {ticket_id: (media_url, address_id) for ticket_id, media_url, address_id in extras}
    return [_request(t, t.id in published, photos, posted) for t in tickets]


def _photo_url(photo_id: int, content_type: str) -> str:
    return f"{base_url()}/media/{photo_id}.{PHOTO_EXTENSIONS.get(content_type, 'jpg')}"


def _request(ticket: Ticket, published: bool, photos: dict, posted: dict) -> dict:
    is_open = ticket_states.is_open(ticket.state)
    media_url, address_id = posted.get(ticket.id, (None, None))
    return {
        "service_request_id": ticket.tracking_no,
        "status": "open" if is_open else "closed",
        "status_notes": ticket_states.label(ticket.state),
        "service_name": ticket.category.label(),
        "service_code": ticket.category.code,
        "description": ticket.description[:4000] if published else None,
        "agency_responsible": ticket.department.label(),
        "service_notice": service_notice(ticket.category) if is_open else None,
        "requested_datetime": w3c(ticket.created_at),
        "updated_datetime": w3c(_updated(ticket, is_open)),
        "expected_datetime": w3c(ticket.resolution_due),
        "address": _address(ticket, published),
        "address_id": address_id,
        "zipcode": None,
        "lat": ticket.latitude if published else None,
        "long": ticket.longitude if published else None,
        "media_url": photos.get(ticket.id, media_url),
    }


def _updated(ticket: Ticket, is_open: bool) -> datetime:
    """For a closed request the spec wants the close time."""
    if is_open:
        return ticket.updated_at
    return ticket.closed_at or ticket.resolved_at or ticket.updated_at


def _address(ticket: Ticket, published: bool) -> str | None:
    """Most specific first: the posted address, then the ward and its zone."""
    ward = ticket.ward
    parts = [ticket.address if published else None]
    if ward is not None:
        parts += [ward.localized("name"), ward.zone]
    return ", ".join(part for part in parts if part) or None
