"""Open311 API keys: issued once (the caller shows the key and forgets it), kept as SHA-256
only, revoked rather than deleted so that every request keeps the key it came with."""

import hashlib
import secrets

from flask_babel import lazy_gettext as _l

from app.core.clock import utc_now
from app.core.errors import JanSevaError
from app.extensions import db
from app.models.open311 import Open311Key


class KeyNameRequired(JanSevaError):
    message = _l("Please name the Open311 client the key is for.")


def digest(key: str) -> str:
    # A key is 256 random bits: a plain SHA-256 cannot be reversed or guessed.
    return hashlib.sha256(key.encode()).hexdigest()


def issue(name: str, actor=None) -> tuple[Open311Key, str]:
    """A new key for the client `name`: the row and the key itself, which is never stored."""
    name = (name or "").strip()
    if not name:
        raise KeyNameRequired()
    key = secrets.token_urlsafe(32)
    row = Open311Key(
        name=name[:120],
        key_hash=digest(key),
        created_at=utc_now(),
        issued_by_id=getattr(actor, "id", None),
    )
    db.session.add(row)
    db.session.commit()
    return row, key


def revoke(keys: list[Open311Key], actor=None) -> int:
    """Revoke the keys not revoked yet; return how many were."""
    now, count = utc_now(), 0
    for row in keys:
        if row.revoked_at is None:
            row.revoked_at, row.revoked_by_id = now, getattr(actor, "id", None)
            count += 1
    db.session.commit()
    return count


def valid_key(key: str | None) -> Open311Key | None:
    """The unrevoked key row matching `key`, or None."""
    if not key:
        return None
    return (
        db.session.query(Open311Key)
        .filter(Open311Key.key_hash == digest(key), Open311Key.revoked_at.is_(None))
        .first()
    )
