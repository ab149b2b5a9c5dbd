"""One clock for the whole app: naive UTC datetimes in the database (SQLite keeps no zone);
Babel shows them in the deployment's time zone."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_set_to: ContextVar[datetime | None] = ContextVar("janseva_clock", default=None)


def utc_now() -> datetime:
    moment = _set_to.get()
    return moment if moment is not None else datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def set_to(moment: datetime) -> Iterator[None]:
    """Every service reads `moment` as now inside the block (demo data made in the past; a test
    of what happens later). Per thread and task: other requests keep the real time."""
    token = _set_to.set(moment)
    try:
        yield
    finally:
        _set_to.reset(token)
