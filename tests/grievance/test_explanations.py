"""Explanations: the district head asks the station head why a ticket was late; the station
head answers on "My explanations"; one left unanswered is marked missed; all on the timeline,
and counted per officer."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models.grievance.ticket import Explanation
from app.services.grievance import explanations, sla_sweep
from app.services.grievance.errors import ExplanationNotAllowed, ExplanationNotYours
from tests.conftest import csrf_token, login
from tests.i18n_helpers import visible_text


def escalated_ticket(police_tree, phone):
    """A ticket the station head held (first response missed, the station's 15 min gone)."""
    ticket = police_tree.ticket(phone)
    sla_sweep.sweep(ticket.created_at + timedelta(minutes=31))
    sla_sweep.sweep(ticket.created_at + timedelta(minutes=47))
    return ticket


def test_the_district_head_asks_the_station_head_who_answers(
    app, police_tree, gateways, inline_jobs
):
    sms, _mail = gateways
    with app.test_request_context():
        ticket = escalated_ticket(police_tree, "+919844400601")
        pk, tracking_no = ticket.id, ticket.tracking_no
        station = police_tree.user(police_tree.station_head)
        station_id, station_name = station.id, station.get_full_name()
        district_name = police_tree.user(police_tree.district_head).get_full_name()

    district = login(app, police_tree.district_head)
    page = district.get(f"/ticketview/show/{pk}").text
    assert "Ask for an explanation" in page and station_name in page
    answer = district.post(
        f"/explanations/ask/{pk}",
        data={
            "csrf_token": csrf_token(district, f"/ticketview/show/{pk}"),
            "asked_of": station_id,
            "question": "Why was the complainant not called back?",
            "hours": "24",
        },
        follow_redirects=True,
    )
    shown = visible_text(answer.text)
    assert "Explanation asked." in shown
    assert (
        f"{district_name} asked {station_name} for an explanation by" in shown
        and "Why was the complainant not called back?" in shown
    )
    # the station head hears by SMS (an officer with a mobile), in Hindi
    texts = [m["text"] for m in sms.received if m["to"] == police_tree.station_phone]
    assert any(tracking_no in t and "Why was the complainant" in t for t in texts)

    head = login(app, police_tree.station_head)
    mine = head.get("/explanations/")
    assert "Why was the complainant not called back?" in visible_text(mine.text)
    with app.app_context():
        (asked,) = db.session.query(Explanation).filter_by(ticket_id=pk).all()
        asked_id = asked.id
    head.post(
        f"/explanations/{asked_id}/answer",
        data={
            "csrf_token": csrf_token(head, "/explanations/"),
            "answer": "The line was busy; called at noon.",
        },
    )
    timeline = visible_text(district.get(f"/ticketview/show/{pk}").text)
    assert f"{station_name} explained: “The line was busy; called at noon.”" in timeline


def test_only_a_higher_level_asks_and_only_the_asked_answers(app_ctx, police_tree, inline_jobs):
    ticket = escalated_ticket(police_tree, "+919844400602")
    station = police_tree.user(police_tree.station_head)
    district = police_tree.user(police_tree.district_head)
    due = ticket.created_at + timedelta(days=2)
    with pytest.raises(ExplanationNotAllowed):
        explanations.ask(ticket, district, "Why?", due, station)  # upwards: refused
    assert [u.id for u in explanations.askable(ticket, district)] == [station.id]
    asked = explanations.ask(ticket, station, "Why?", due, district)
    with pytest.raises(ExplanationNotYours):
        explanations.answer(asked, "Because.", district)
    assert asked.answered_at is None


def test_an_unanswered_explanation_is_missed_and_counted(app, police_tree, inline_jobs):
    with app.test_request_context():
        since = sla_sweep.utc_now() - timedelta(minutes=1)
        ticket = escalated_ticket(police_tree, "+919844400603")
        pk = ticket.id
        station = police_tree.user(police_tree.station_head)
        district = police_tree.user(police_tree.district_head)
        now = sla_sweep.utc_now()
        answered = explanations.ask(ticket, station, "First?", now + timedelta(hours=1), district)
        explanations.answer(answered, "Done.", station)
        pending = explanations.ask(ticket, station, "Second?", now + timedelta(hours=1), district)
        explanations.mark_missed(now + timedelta(minutes=30))  # other tests' may fall due
        db.session.refresh(pending)
        assert pending.missed_at is None  # not due yet
        assert explanations.mark_missed(now + timedelta(hours=2)) >= 1
        db.session.refresh(pending)
        assert pending.missed_at is not None
        counts = {
            row["user_id"]: row
            for row in explanations.per_officer(since, unit_ids=[police_tree.station])
        }
        assert counts[station.id] | {"name": ""} == {
            "user_id": station.id,
            "name": "",
            "asked": 2,
            "answered_on_time": 1,
            "answered_late": 0,
            "missed": 1,
        }
        name = station.get_full_name()
    page = visible_text(login(app, "supervisor").get(f"/ticketview/show/{pk}").text)
    assert f"{name} gave no explanation by" in page
