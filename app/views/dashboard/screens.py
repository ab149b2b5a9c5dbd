"""`/dashboard/`: the supervisors' live dashboard; `/dashboard/data.json` its figures (the page
polls it); every table and the tickets themselves as CSV, streamed, within the reader's scope."""

import time

from flask import abort, jsonify, request, url_for
from flask_appbuilder import BaseView, expose
from flask_appbuilder.security.decorators import has_access
from flask_babel import lazy_gettext as _l

from app.core.i18n import current_language
from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.ticket import Priority, Ticket
from app.models.org import Category, Department, Officer, Ward
from app.security.scope import acting_user, scope_criterion
from app.services.dashboard import export as dashboard_export
from app.services.dashboard import figures as dashboard
from app.services.dashboard import store as dashboard_store
from app.views.base.csv_export import csv_response
from app.views.grievance.texts import channel_label, priority_label
from app.views.org.kinds import kind_label

REFRESH_SECONDS = 5
# Intl.NumberFormat locales: Persian and Bengali digits, Indian grouping (1,00,000) for Hindi
NUMBER_LOCALES = {"en": "en-IN", "hi": "hi-IN", "bn": "bn-BD", "fa": "fa-IR"}

BREAKDOWN = (("label", _l("Name")), ("count", _l("Tickets")), ("share", _l("Share")))
PERFORMANCE = (
    ("label", _l("Name")),
    ("tickets", _l("Tickets")),
    ("resolved", _l("Resolved")),
    ("sla_compliance", _l("SLA compliance")),
    ("median_first_response_minutes", _l("Median first response (minutes)")),
    ("median_resolution_hours", _l("Median resolution (hours)")),
    ("rating_average", _l("Average rating")),
)
TREND = (
    ("key", _l("Date")),
    ("label", _l("Name")),
    ("intake", _l("New tickets")),
    ("resolved", _l("Resolved")),
)
# table -> (where it is in the figures, its columns)
TABLES = {
    "category": (("breakdowns", "category"), BREAKDOWN),
    "channel": (("breakdowns", "channel"), BREAKDOWN),
    "kind": (("breakdowns", "kind"), BREAKDOWN),
    "ward": (
        ("breakdowns", "ward"),
        BREAKDOWN + (("open", _l("Open")), ("breaches", _l("SLA breaches"))),
    ),
    "day": (("trend", "day"), TREND),
    "month": (("trend", "month"), TREND),
    "department": (("performance", "department"), PERFORMANCE),
    "officer": (("performance", "officer"), PERFORMANCE),
}


class DashboardView(BaseView):
    route_base = "/dashboard"
    default_view = "index"
    class_permission_name = "Dashboard"
    method_permission_name = {"index": "read", "data": "read", "table": "read", "tickets": "read"}

    @expose("/")
    @has_access
    def index(self):
        scope, filters = _asked()
        return self.render_template(
            "dashboard/index.html",
            filters=filters.as_dict(),
            departments=[(d.id, d.label()) for d in _visible_departments(scope)],
            wards=[(w.id, str(w)) for w in db.session.query(Ward).order_by(Ward.number)],
            department_locked=scope.department is not None,
            data_url=url_for("DashboardView.data"),
            export_urls={name: url_for("DashboardView.table", name=name) for name in TABLES},
            tickets_csv_url=url_for("DashboardView.tickets"),
            refresh_seconds=REFRESH_SECONDS,
            number_locale=NUMBER_LOCALES.get(current_language(), "en-IN"),
        )

    @expose("/data.json")
    @has_access
    def data(self):
        scope, filters = _asked()
        figures = dashboard.figures(filters, scope, labels())
        figures["number_locale"] = NUMBER_LOCALES.get(current_language(), "en-IN")
        answer = jsonify(figures)
        answer.headers["Cache-Control"] = "no-store"
        return answer

    @expose("/export/<name>.csv")
    @has_access
    def table(self, name):
        if name not in TABLES:
            abort(404)
        scope, filters = _asked()
        (part, key), columns = TABLES[name]
        rows = dashboard.figures(filters, scope, labels())[part][key]
        lines = ([row[field] for field, _title in columns] for row in rows)
        header = [str(title) for _field, title in columns]
        return csv_response(f"{name}.csv", header, lines, byte_order_mark=True)

    @expose("/tickets.csv")
    @has_access
    def tickets(self):
        scope, filters = _asked()
        criterion = scope_criterion(Ticket, acting_user())
        header, rows = dashboard_export.tickets(filters, criterion, labels())
        return csv_response("tickets.csv", header, rows, byte_order_mark=True)


def _asked():
    scope = dashboard.scope_for(acting_user())
    return scope, dashboard.parse_filters(request.args, scope)


def _visible_departments(scope):
    query = db.session.query(Department).order_by(Department.name)
    if scope.department is not None:
        query = query.filter(Department.id == scope.department)
    return query.all()


_labels: dict[str, tuple[float, dict]] = {}
LABELS_KEPT = 30  # seconds: a renamed ward or category shows under its new name this soon


def labels() -> dict[str, dict]:
    """Each key of the figures by name, in the reader's language (kept briefly per process:
    the page asks every few seconds, names change rarely)."""
    language = current_language()
    kept = _labels.get(language)
    if kept is None or time.monotonic() - kept[0] > LABELS_KEPT:
        kept = _labels[language] = (time.monotonic(), _read_labels())
    return kept[1]


def _read_labels() -> dict[str, dict]:
    officers = db.session.query(Officer.id, StaffUser.first_name, StaffUser.last_name).join(
        StaffUser, Officer.user_id == StaffUser.id
    )
    return {
        "category": {c.id: c.label() for c in db.session.query(Category)},
        "department": {d.id: d.label() for d in db.session.query(Department)},
        "ward": {w.id: str(w) for w in db.session.query(Ward).order_by(Ward.number)},
        "officer": {o: f"{first} {last}".strip() for o, first, last in officers},
        "channel": {n: channel_label(m) for n, m in enumerate(dashboard_store.CHANNELS)},
        "kind": {n: kind_label(m) for n, m in enumerate(dashboard_store.KINDS)},
        "priority": {p.value: priority_label(p) for p in Priority},
    }
