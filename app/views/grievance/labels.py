"""How a ticket's coded values read to people: priorities, departments by their code."""

from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models.grievance.ticket import Priority
from app.models.org import Department

PRIORITY_LABELS = {
    Priority.low: _l("Low"),
    Priority.normal: _l("Normal"),
    Priority.high: _l("High"),
    Priority.urgent: _l("Urgent"),
}


def priority_label(priority) -> str:
    return str(PRIORITY_LABELS.get(Priority(priority), priority)) if priority else ""


def department_label(code: str | None) -> str:
    department = db.session.query(Department).filter_by(code=code).first() if code else None
    return department.label() if department else (code or "")
