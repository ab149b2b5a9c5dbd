"""What the write-scope tests read back: the demo's departments and officers by name, and an
officer's row as stored."""

from app.extensions import db
from app.models.base import StaffUser
from app.models.org import Department, Officer


def ids(app):
    with app.app_context():
        departments = {d.code: d.id for d in db.session.query(Department)}
        officers = {
            db.session.get(StaffUser, o.user_id).username: o.id for o in db.session.query(Officer)
        }
        return departments, officers


def officer_row(app, officer_id):
    with app.app_context():
        officer = db.session.get(Officer, officer_id)
        return officer.department.code, officer.available, officer.phone
