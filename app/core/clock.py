"""One clock for the whole app: naive UTC datetimes in the database (SQLite keeps no zone);
Babel shows them in the deployment's time zone."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
