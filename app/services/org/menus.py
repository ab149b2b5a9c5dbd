"""Categories and wards as the chatbot and the location look-ups list and find them, read once per
process: every chat message asks for them, and they change a few times a year. A change made
through this process clears the copy at once (mapper events); one made by another process
shows within MAX_AGE."""

import math
import time
from dataclasses import dataclass
from threading import Lock

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.core.i18n import TRANSLATED_LOCALES
from app.extensions import db
from app.models.org import Category, Ward

MAX_AGE = 60.0  # seconds another process's change may take to reach this one's menus


@dataclass(frozen=True)
class Entry:
    """A category or ward: its id, ward number (None for a category) and name per language."""

    id: int
    number: int | None
    names: dict[str, str]
    latitude: float | None = None
    longitude: float | None = None

    def localized(self, language: str) -> str:
        if language in TRANSLATED_LOCALES and self.names.get(language):
            return self.names[language]
        return self.names["en"]


@dataclass(frozen=True)
class Menus:
    categories: tuple[Entry, ...]  # the active ones, in menu order
    wards: tuple[Entry, ...]  # by number

    def category(self, category_id: int) -> Entry | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def ward(self, ward_id: int) -> Entry | None:
        return next((w for w in self.wards if w.id == ward_id), None)

    def ward_numbered(self, number: int) -> Entry | None:
        return next((w for w in self.wards if w.number == number), None)


_lock = Lock()
_cached: tuple[float, str, Menus] | None = None  # (read at, database URL, menus)


def current() -> Menus:
    """The menus, read from the database when this process has none or they are MAX_AGE old."""
    global _cached
    url = str(db.engine.url)
    cached = _cached
    if cached is not None and cached[1] == url and time.monotonic() - cached[0] < MAX_AGE:
        return cached[2]
    with _lock:
        menus = _read()
        _cached = (time.monotonic(), url, menus)
    return menus


def clear() -> None:
    global _cached
    _cached = None


def _changed(_mapper, connection, _target) -> None:
    """Clear now, and again once the change is committed (a read in between saw the old)."""
    clear()
    Session.object_session(_target).info["menus_changed"] = True


def _committed(session) -> None:
    if session.info.pop("menus_changed", False):
        clear()


def _read() -> Menus:
    categories = db.session.query(Category).filter_by(active=True).order_by(Category.id)
    wards = db.session.query(Ward).order_by(Ward.number)
    return Menus(
        categories=tuple(Entry(c.id, None, _names(c)) for c in categories),
        wards=tuple(Entry(w.id, w.number, _names(w), w.latitude, w.longitude) for w in wards),
    )


def _names(record) -> dict[str, str]:
    names = {"en": record.name or ""}
    for language in TRANSLATED_LOCALES:
        names[language] = getattr(record, f"name_{language}", None) or ""
    return names


for _model in (Category, Ward):
    for _change in ("after_insert", "after_update", "after_delete"):
        event.listen(_model, _change, _changed)
event.listen(Session, "after_commit", _committed)


def nearest_ward(latitude: float, longitude: float) -> Entry | None:
    """The ward whose centre is nearest to a shared location."""
    wards = [w for w in current().wards if w.latitude is not None and w.longitude is not None]
    scale = math.cos(math.radians(latitude))

    def distance(ward):
        return (ward.latitude - latitude) ** 2 + ((ward.longitude - longitude) * scale) ** 2

    return min(wards, key=distance, default=None)
