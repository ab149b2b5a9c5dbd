"""`/dashboard/`: who may open it, its figures as JSON in the reader's language and calendar, and
every table and the tickets as CSV within the reader's scope."""

import csv
import io

import pytest

from app.core.clock import utc_now
from app.core.dates import end_of_local_day, local_day
from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.ticket import Ticket
from app.models.org import Department
from app.security.scope import scope_criterion
from tests.conftest import login, new_client
from tests.grievance_helpers import new_ticket


def rows_of(answer) -> list[list[str]]:
    text = answer.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize("name", ["supervisor", "clerk_water", "officer_water", "auditor", "admin"])
def test_staff_who_work_tickets_open_the_dashboard(app, name):
    answer = login(app, name).get("/dashboard/data.json")
    assert answer.status_code == 200, answer.text
    assert answer.json["totals"]["tickets"] >= 0
    assert answer.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("name", ["counter", "postman1"])
def test_the_post_office_has_no_dashboard(app, name):
    assert login(app, name).get("/dashboard/data.json").status_code == 403


def test_anonymous_readers_are_sent_to_the_login(app):
    answer = new_client(app).get("/dashboard/data.json")
    assert answer.status_code in (302, 401)


def test_a_clerk_is_held_to_their_department(app):
    with app.app_context():
        new_ticket(code="POTHOLE", description="Dashboard view: roads", phone="+919822000001")
        water = db.session.query(Department.id).filter_by(code="WATER").scalar()
        roads = db.session.query(Department.id).filter_by(code="ROADS").scalar()
    answer = login(app, "clerk_water").get(f"/dashboard/data.json?department={roads}")
    assert answer.json["filters"]["department"] == water
    departments = {row["key"] for row in answer.json["performance"]["department"]}
    assert departments <= {str(water)}


def test_bad_filters_are_refused_in_the_readers_language(app):
    answer = login(app, "supervisor", "hi").get("/dashboard/data.json?from=kal")
    assert answer.status_code == 400
    assert "फ़िल्टर" in answer.json["message"] or "तारीख" in answer.json["message"]


def test_persian_reads_solar_hijri_days_and_months(app):
    answer = login(app, "supervisor", "fa").get(
        "/dashboard/data.json?from=2026-11-20&to=2026-11-23"
    )
    days = answer.json["trend"]["day"]
    assert [d["key"] for d in days] == ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"]
    assert days[2]["label"] == "۱۴۰۵/۰۹/۰۱"
    assert [m["label"] for m in answer.json["trend"]["month"]] == ["آبان ۱۴۰۵", "آذر ۱۴۰۵"]
    assert answer.json["number_locale"] == "fa-IR"
    kinds = {row["label"] for row in answer.json["breakdowns"]["kind"]}
    assert not kinds or not kinds & {"Complaint", "Suggestion", "Query", "Request"}


def test_a_table_exports_what_the_dashboard_shows(app):
    with app.app_context():
        new_ticket(description="Dashboard view: export", phone="+919822000002")
    client = login(app, "supervisor", "hi")
    shown = client.get("/dashboard/data.json").json["breakdowns"]["category"]
    answer = client.get("/dashboard/export/category.csv")
    assert answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    header, *lines = rows_of(answer)
    assert header[1] == "टिकट"
    assert [(line[0], int(line[1])) for line in lines] == [(r["label"], r["count"]) for r in shown]
    assert client.get("/dashboard/export/citizens.csv").status_code == 404


def test_the_tickets_export_streams_the_readers_tickets_with_milestones(app):
    with app.app_context():
        mine = new_ticket(description="Dashboard view: water", phone="+919822000003")
        other = new_ticket(
            code="POTHOLE", description="Dashboard view: road", phone="+919822000004"
        )
        mine_no, other_no = mine.tracking_no, other.tracking_no
        today = local_day(utc_now())
        clerk = db.session.query(StaffUser).filter_by(username="clerk_water").one()
        expected = (
            db.session.query(Ticket)
            .filter(
                Ticket.created_at >= end_of_local_day(today.fromordinal(today.toordinal() - 1)),
                Ticket.created_at < end_of_local_day(today),
                scope_criterion(Ticket, clerk),
            )
            .count()
        )
    answer = login(app, "clerk_water").get(f"/dashboard/tickets.csv?from={today}&to={today}")
    assert answer.is_streamed
    header, *lines = rows_of(answer)
    assert header[:3] == ["Tracking number", "Kind", "Category"]
    assert "First response due" in header and "Resolved" in header
    numbers = [line[0] for line in lines]
    assert mine_no in numbers and other_no not in numbers
    assert len(lines) == expected
    created = header.index("Created")
    row = lines[numbers.index(mine_no)]
    assert row[created].startswith(str(today)) and row[created].endswith("+05:30")
    assert row[-1].endswith(f"/track/{mine_no}")
    assert "+919822000003" not in answer.get_data(as_text=True)
