"""Escalations and warnings name who really heard; Persian dashboards take Solar Hijri days;
counts read in the reader's digits (the postman's sections, the portal's wards, list counts)."""

import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.services.grievance import sla_sweep
from tests.conftest import login, new_client
from tests.grievance_helpers import new_ticket
from tests.i18n_helpers import visible_text
from tests.postal_helpers import book


def unassigned(ticket):
    """A ticket waiting in its department's queue, assigned to nobody and held by no unit (its
    breach goes to the supervisors, the top of every ladder)."""
    ticket.assignee_id = ticket.org_unit_id = None
    db.session.commit()
    return ticket


def test_an_escalation_names_the_supervisor_and_an_empty_assignee_reads_as_nothing(
    app, gateways, inline_jobs
):
    with app.app_context():
        ticket = unassigned(new_ticket("DRAIN", ward=3, phone="+919844400071"))
        sla_sweep.sweep(ticket.created_at + timedelta(minutes=31))
        pk, number = ticket.id, ticket.tracking_no
    client = login(app, "supervisor", "fa")
    page = visible_text(client.get(f"/ticketview/show/{pk}").text)
    assert "Rakesh Sharma" in page and " supervisor" not in page
    listed = client.get("/escalationview/list/").text
    row = re.search(rf"(?s)<tr>(?:(?!</tr>).)*{number}(?:(?!</tr>).)*</tr>", listed).group(0)
    assert "None" not in visible_text(row) and "Rakesh Sharma" in row


def test_the_escalations_export_names_each_tickets_category(app, gateways, inline_jobs):
    """The list's dotted columns (the escalated ticket's category, ward…) reach the CSV too."""
    with app.app_context():
        ticket = unassigned(new_ticket("DRAIN", ward=3, phone="+919844400072"))
        sla_sweep.sweep(ticket.created_at + timedelta(minutes=31))
        number, category = ticket.tracking_no, ticket.category.name
    export = login(app, "supervisor").get("/escalationview/export.csv")
    assert export.status_code == 200
    row = next(line for line in export.text.splitlines() if number in line)
    assert category in row


def test_a_warning_says_nobody_was_warned_when_nobody_is_assigned(app, gateways, inline_jobs):
    with app.app_context():
        queued = unassigned(new_ticket("DRAIN", ward=3, phone="+919844400072"))
        assigned = new_ticket("DRAIN", ward=3, phone="+919844400073")
        officer = str(assigned.assignee)
        for ticket in (queued, assigned):
            sla_sweep.sweep(ticket.created_at + timedelta(minutes=25))
        pks = queued.id, assigned.id
    client = login(app, "supervisor", "en")
    nobody = visible_text(client.get(f"/ticketview/show/{pks[0]}").text)
    assert "nobody is assigned, so nobody was warned" in nobody
    assert "the assignee was warned" not in nobody
    someone = visible_text(client.get(f"/ticketview/show/{pks[1]}").text)
    assert f"{officer} was warned by SMS" in someone


@pytest.mark.modules("dashboard")
def test_the_persian_dashboard_takes_and_shows_solar_hijri_days(app):
    client = login(app, "supervisor", "fa")
    page = client.get("/dashboard/?from=2026-11-20&to=2026-11-23").text
    assert 'name="from"' in page and 'type="date"' not in page
    assert 'value="۱۴۰۵/۰۸/۲۹"' in page and 'value="۱۴۰۵/۰۹/۰۲"' in page
    typed = client.get("/dashboard/data.json?from=۱۴۰۵/۰۸/۲۹&to=1405/09/02")
    assert typed.status_code == 200
    assert [d["key"] for d in typed.json["trend"]["day"]][::3] == ["2026-11-20", "2026-11-23"]
    wrong = client.get("/dashboard/data.json?from=۱۴۰۵/۱۳/۴۰")
    assert wrong.status_code == 400 and "۱۴۰۵/۰۹/۰۹" in wrong.json["message"]
    odd = [
        "۱۴۰۵/۰۹/۳۱",
        "1405/12/30",
        "0000/01/01",
        "0001/01/01",
        "9999/99/99",
        "1405/09",
        "١٤٠٥/٠٩/٠١",
        "۲۰۲۶-۱۱-۲۲",
        "𝟏𝟒𝟎𝟓/𝟎𝟗/𝟎𝟏",
        "1405/09/01\x00",
        "1" * 60,
        "1405//09/01",
    ]
    for value in odd:  # read as a day, or refused in the reader's language: never a 5xx
        answer = client.get("/dashboard/data.json", query_string={"from": value})
        assert answer.status_code in (200, 400), (value, answer.status_code)
        page = client.get("/dashboard/", query_string={"from": value})
        assert page.status_code in (200, 400), (value, page.status_code)
    english = login(app, "supervisor", "en").get("/dashboard/?from=2026-11-20").text
    assert 'type="date"' in english and 'value="2026-11-20"' in english


@pytest.mark.modules("portal")
def test_the_portals_ward_list_reads_in_the_readers_digits(app):
    client = new_client(app)
    bengali = client.get("/report?lang=bn").text
    persian = client.get("/report?lang=fa").text
    assert re.search(r"<option[^>]*>১২ ", bengali) and not re.search(r"<option[^>]*>12\b", bengali)
    assert re.search(r"<option[^>]*>۱۲ ", persian)


def test_ticket_lists_count_their_records_in_the_readers_digits(app):
    with app.app_context():
        count = db.session.query(Ticket).count()
    page = login(app, "admin", "bn").get("/ticketview/list/").text
    assert re.search(r"</strong>\s*[০-৯]+\s*</div>", page), "record count in Bengali digits"
    assert count > 0


@pytest.mark.parametrize(
    ("language", "digits"), [("hi", "0123456789"), ("bn", "০১২৩৪৫৬৭৮৯"), ("fa", "۰۱۲۳۴۵۶۷۸۹")]
)
@pytest.mark.modules("postal")
def test_the_postmans_section_counts_and_escalations_read_in_the_readers_language(
    app, language, digits
):
    with app.app_context():
        book(ward=3, mobile="+919812340612")
    page = login(app, "postman1", language).get("/postman/").text
    counts = re.findall(r"<h2>[^<(]*\(([^)]*)\)</h2>", page)
    assert len(counts) == 3 and all(c and set(c) <= set(digits) for c in counts), counts
    escalations = visible_text(login(app, "supervisor", language).get("/escalationview/list/").text)
    assert "None" not in escalations and "True" not in escalations
