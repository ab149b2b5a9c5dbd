"""Committing a change without giving up what the caller will answer with."""

from app.extensions import db


def commit_keeping_loaded() -> None:
    """Commit, leaving the session's objects as they are instead of expired: the answer to
    the change (a tracking number, an id, a state) is read from memory, not from the
    database, which a connection cut just after the commit would turn into an error page
    although the change is stored (and the citizen would file it again)."""
    session = db.session()
    expiring = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expiring
