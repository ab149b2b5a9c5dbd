"""Demo data: `flask demo` loads each enabled module's own (its manifest's `demo`), in
dependency order, so a new deployment opens on a desk in four languages with something in it."""

from flask import current_app

from app import modules
from app.extensions import db


def load_enabled() -> dict:
    """Every enabled module's demo records; returns what was loaded, by name, for the summary."""
    summary: dict = {}
    for manifest in modules.enabled_manifests():
        if manifest.demo:
            summary |= modules.load(manifest.demo)()
    return summary


def upsert(model, key: dict, **values):
    row = db.session.query(model).filter_by(**key).one_or_none()
    if row is None:
        row = model(**key)
        db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    return row


def loaded() -> bool:
    return current_app.appbuilder.sm.find_user(username="admin") is not None
