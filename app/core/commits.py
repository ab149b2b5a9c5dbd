"""Committing a change without giving up what the caller will answer with."""

from sqlalchemy import inspect

from app.extensions import db


def commit_keeping_loaded() -> None:
    """Commit, leaving the columns of the session's objects loaded instead of expired: the
    answer to the change (a tracking number, an id, a state) is read from memory, not from
    the database, which a connection cut just after the commit would turn into an error page
    although the change is stored (and the citizen would file it again). Relationships are
    expired as a commit does, since a changed foreign key leaves its related object stale."""
    session = db.session()
    expiring = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expiring
    for item in list(session.identity_map.values()):
        related = [relation.key for relation in inspect(item).mapper.relationships]
        if related:
            session.expire(item, related)
