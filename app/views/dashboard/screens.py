"""`/dashboard/`: the supervisors' live dashboard; `/dashboard/data.json` its figures (the page
polls it); `/dashboard/ranking.json` the units of one level ranked over a month; every table,
the ranking and the tickets themselves as CSV, streamed, within the reader's scope."""

import time

from flask import abort, jsonify, request, url_for
from flask_appbuilder import BaseView, expose
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.core.dates import local_number
from app.core.i18n import current_language
from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.ticket import Priority, Ticket
from app.models.org import Category, Department, Officer, OrgUnit, Ward
from app.security.scope import acting_user, restrict, scope_criterion
from app.services.dashboard import export as dashboard_export
from app.services.dashboard import figures as dashboard
from app.services.dashboard import store as dashboard_store
from app.services.dashboard import units as dashboard_units
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
UNIT = (
    ("label", _l("Unit")),
    ("tickets", _l("Tickets")),
    ("open", _l("Open")),
    ("overdue", _l("Overdue")),
    ("sla_compliance", _l("SLA compliance")),
    ("median_resolution_hours", _l("Median resolution (hours)")),
    ("rating_average", _l("Average rating")),
    ("appeals", _l("Appeals")),
    ("appeals_upheld", _l("Appeals upheld")),
    ("appeals_dismissed", _l("Appeals dismissed")),
)
RANKING = (
    ("rank", _l("Rank")),
    *UNIT[:2],
    ("sla_compliance_percent", _l("SLA compliance (%)")),
    *UNIT[5:],
)
EXPLANATION = (
    ("label", _l("Officer")),
    ("asked", _l("Explanations asked")),
    ("answered_on_time", _l("Answered on time")),
    ("answered_late", _l("Answered late")),
    ("missed", _l("Missed")),
    ("awaited", _l("Awaited")),
)
# table -> (where it is in the figures, its columns)
TABLES = {
    "unit": (("units",), UNIT),
    "explanation": (("explanations",), EXPLANATION),
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
    method_permission_name = {
        "index": "read",
        "data": "read",
        "table": "read",
        "tickets": "read",
        "ranking": "read",
        "ranking_csv": "read",
    }

    @expose("/")
    @has_access
    def index(self):
        scope, filters = _asked()
        return self.render_template(
            "dashboard/index.html",
            filters=filters.as_dict(),
            departments=[(d.id, d.label()) for d in _visible_departments(scope)],
            wards=[(w.id, str(w)) for w in db.session.query(Ward).order_by(Ward.number)],
            units=_unit_choices(scope),
            levels=sorted(labels()["level"].items()),
            months=dashboard.recent_months(),
            department_locked=scope.department is not None,
            data_url=url_for("DashboardView.data"),
            ranking_url=url_for("DashboardView.ranking"),
            ranking_csv_url=url_for("DashboardView.ranking_csv"),
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
        where, columns = TABLES[name]
        rows = dashboard.figures(filters, scope, labels())
        for part in where:
            rows = rows[part]
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

    @expose("/ranking.json")
    @has_access
    def ranking(self):
        month, rows = _ranked()
        answer = jsonify({"month": month, "rows": rows})
        answer.headers["Cache-Control"] = "no-store"
        return answer

    @expose("/export/ranking.csv")
    @has_access
    def ranking_csv(self):
        month, rows = _ranked()
        lines = ([row[field] for field, _title in RANKING] for row in rows)
        header = [str(title) for _field, title in RANKING]
        return csv_response(f"ranking-{month}.csv", header, lines, byte_order_mark=True)


def _ranked() -> tuple[str, list[dict]]:
    """The ranking the query string asks for: `month` (default last month), `level`, and the
    dashboard's department, ward and unit filters."""
    scope = dashboard.scope_for(acting_user())
    month, start, end = dashboard.parse_month(request.args.get("month"), current_language())
    asked = dashboard.parse_filters(request.args, scope)
    filters = dashboard.Filters(start, end, asked.department, asked.ward, asked.unit, asked.level)
    return month, dashboard.ranking(filters, scope, labels())


def _unit_choices(scope) -> list[tuple[int, str]]:
    """The units a reader may filter by, each under its parent (indented by its depth)."""
    visible = dashboard.visible_units(scope)
    units = db.session.query(OrgUnit.id, OrgUnit.path, OrgUnit.depth)
    names = labels()["unit"]
    order = {}
    for unit, path, depth in units:
        if visible is None or unit in visible:
            ids = [int(p) for p in path.strip("/").split("/") if p]
            order[unit] = ([(names.get(i, ""), i) for i in ids], depth)
    return [
        (unit, "\u00a0\u00a0" * depth + names.get(unit, str(unit)))
        for unit, (_key, depth) in sorted(order.items(), key=lambda item: item[1][0])
    ]


def _asked():
    scope = dashboard.scope_for(acting_user())
    return scope, dashboard.parse_filters(request.args, scope)


def _visible_departments(scope):
    query = restrict(db.session.query(Department), Department).order_by(Department.name)
    if scope.department is not None:
        query = query.filter(Department.id == scope.department)
    return query.all()


_labels: dict[str, tuple[float, object, dict]] = {}
LABELS_KEPT = 30  # seconds: a renamed ward or category shows under its new name this soon


def labels() -> dict[str, dict]:
    """Each key of the figures by name, in the reader's language (kept briefly per process:
    the page asks every few seconds, names change rarely; a new or moved unit at once)."""
    language, tree = current_language(), dashboard_units.tree()
    kept = _labels.get(language)
    if kept is None or time.monotonic() - kept[0] > LABELS_KEPT or kept[1] is not tree:
        kept = _labels[language] = (time.monotonic(), tree, _read_labels())
    return kept[2]


def _read_labels() -> dict[str, dict]:
    units = db.session.query(OrgUnit).all()
    levels: dict[int, set[str]] = {}
    for unit in units:
        name = unit.localized("level_name")
        if name:
            levels.setdefault(unit.depth, set()).add(name)
        else:
            levels.setdefault(unit.depth, set())
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
        "unit": {u.id: str(u) for u in units},
        "level": {
            depth: " / ".join(sorted(names))
            or gettext("Level %(number)s", number=local_number(depth + 1))
            for depth, names in levels.items()
        },
    }
