"""The dashboard by the organisation tree: a unit filter that takes the unit's whole subtree,
one row per unit of a chosen level (volume, open, overdue, SLA compliance, median resolution,
rating, appeals and their outcomes), exact after a ticket changes unit or state; the monthly
ranking, best first, as JSON and CSV; explanations per officer; the reader's row rules."""

import csv
import io
import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import current_app
from sqlalchemy import update

from app.core.clock import utc_now
from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.ticket import Explanation, Feedback, Ticket, TicketState
from app.models.org import OrgUnit
from app.services.dashboard import figures as dashboard
from app.services.org import tree as org_tree
from app.views.dashboard import screens
from tests.conftest import login
from tests.grievance_helpers import new_ticket


def unit(name, parent=None, level="District"):
    made = OrgUnit(name=name, level_name=level, parent_id=parent.id if parent else None)
    org_tree.place(made)
    db.session.commit()
    return made


def put(ticket_ids, day: date, unit_id, **values):
    """Tickets created at noon local time on `day`, held by `unit_id`, with bulk SQL."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    noon = datetime.combine(day, datetime.min.time().replace(hour=12), zone)
    created = noon.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    fields = {"created_at": created, "org_unit_id": unit_id}
    for name, value in values.items():
        fields[name] = created + value if isinstance(value, timedelta) else value
    db.session.execute(update(Ticket).where(Ticket.id.in_(ticket_ids)).values(**fields))
    db.session.commit()


def tickets(n, phone):
    return [new_ticket(description=f"Units: {phone} {k}", phone=phone).id for k in range(n)]


def shown(day_from, day_to, **filters):
    chosen = dashboard.Filters(day_from, day_to, **filters)
    return dashboard.figures(chosen, dashboard.Scope(), screens.labels())


def rows_by_unit(figures):
    return {row["key"]: row for row in figures["units"]}


_made = itertools.count()


@pytest.fixture()
def police(app_ctx):
    """HQ → two districts → stations; tickets on a day of March 2021 of their own."""
    n = next(_made)
    hq = unit(f"Units HQ {n}", level="Headquarters")
    north = unit(f"Units North {n}", hq)
    south = unit(f"Units South {n}", hq)
    n1 = unit(f"Units North 1-{n}", north, "Police station")
    n2 = unit(f"Units North 2-{n}", north, "Police station")
    s1 = unit(f"Units South 1-{n}", south, "Police station")
    day = date(2021, 3, 1) + timedelta(days=n)
    fast, late, still_open = tickets(3, "+919833000001")
    put([fast], day, n1.id, state=TicketState.resolved, resolved_at=timedelta(hours=2))
    put(
        [late],
        day,
        n1.id,
        state=TicketState.resolved,
        resolved_at=timedelta(hours=90),
        resolution_due=timedelta(hours=72),
    )
    put([still_open], day, n1.id, resolution_due=timedelta(hours=72))  # long overdue now
    [rated] = tickets(1, "+919833000002")
    put([rated], day, n2.id, state=TicketState.resolved, resolved_at=timedelta(hours=5))
    db.session.add(Feedback(ticket_id=rated, resolved_at=utc_now(), rating=4, created_at=utc_now()))
    south_ids = tickets(2, "+919833000003")
    put(south_ids, day, s1.id, state=TicketState.resolved, resolved_at=timedelta(hours=1))
    db.session.commit()
    return {
        "hq": hq,
        "north": north,
        "south": south,
        "n1": n1,
        "n2": n2,
        "s1": s1,
        "still_open": still_open,
        "late": late,
        "south_ids": south_ids,
        "day": day,
        "n": n,
    }


def key(police, name):
    return str(police[name].id)


def test_a_unit_filter_takes_its_whole_subtree_and_the_table_its_level(police):
    day = police["day"]
    north = shown(day, day, unit=police["north"].id)
    assert north["totals"]["tickets"] == 4
    assert north["totals"]["open"] == 1
    stations = rows_by_unit(north)
    assert set(stations) == {key(police, "n1"), key(police, "n2")}
    assert stations[key(police, "n1")]["label"] == f"Units North 1-{police['n']}"
    n1 = stations[key(police, "n1")]
    assert (n1["tickets"], n1["open"], n1["overdue"]) == (3, 1, 1)
    assert n1["sla_compliance"] == pytest.approx(2 / 3)
    assert n1["median_resolution_hours"] == 46.0  # resolved in 2 h and 90 h
    assert stations[key(police, "n2")]["rating_average"] == 4.0
    districts = rows_by_unit(shown(day, day, level=police["north"].depth))
    assert districts[key(police, "north")]["tickets"] == 4
    assert districts[key(police, "south")]["tickets"] == 2
    assert districts[key(police, "south")]["sla_compliance"] == 1.0


def test_the_figures_follow_a_transfer_and_a_change_of_state(police):
    day, level = police["day"], police["north"].depth
    put([police["still_open"]], day, police["s1"].id)  # transferred to the other district
    districts = rows_by_unit(shown(day, day, level=level))
    north, south = districts[key(police, "north")], districts[key(police, "south")]
    assert (north["tickets"], north["open"]) == (3, 0)
    assert (south["tickets"], south["open"], south["overdue"]) == (3, 1, 1)
    db.session.execute(
        update(Ticket)
        .where(Ticket.id == police["still_open"])
        .values(state=TicketState.resolved, resolved_at=utc_now())
    )
    db.session.commit()
    south = rows_by_unit(shown(day, day, level=level))[key(police, "south")]
    assert (south["open"], south["overdue"]) == (0, 0)
    north = shown(day, day, unit=police["north"].id)
    assert north["totals"]["tickets"] == 3


def test_appeals_count_under_the_unit_appealed_against(police):
    day = police["day"]
    upheld, dismissed, pending = tickets(3, "+919833000004")
    hq = police["hq"].id
    put([upheld], day, hq, appeal_of_id=police["late"], state=TicketState.resolved)
    put([dismissed], day, hq, appeal_of_id=police["late"], state=TicketState.rejected)
    put([pending], day, hq, appeal_of_id=police["south_ids"][0])
    stations = rows_by_unit(shown(day, day, level=police["n1"].depth))
    n1 = stations[key(police, "n1")]
    assert (n1["appeals"], n1["appeals_upheld"], n1["appeals_dismissed"]) == (2, 1, 1)
    s1 = stations[key(police, "s1")]
    assert (s1["appeals"], s1["appeals_upheld"], s1["appeals_dismissed"]) == (1, 0, 0)


def test_the_monthly_ranking_puts_the_best_unit_first_and_exports_it(app, police):
    level, n = police["north"].depth, police["n"]
    north, south = f"Units North {n}", f"Units South {n}"
    client = login(app, "supervisor")
    answer = client.get(f"/dashboard/ranking.json?month=2021-03&level={level}")
    assert answer.status_code == 200, answer.text
    ours = [row for row in answer.json["rows"] if row["label"] in {north, south}]
    assert [row["label"] for row in ours] == [south, north]  # 100% before 75%
    assert ours[0]["rank"] < ours[1]["rank"]
    exported = client.get(f"/dashboard/export/ranking.csv?month=2021-03&level={level}")
    assert "attachment" in exported.headers["Content-Disposition"]
    text = exported.get_data(as_text=True)
    header, *lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header[:3] == ["Rank", "Unit", "Tickets"]
    mine = [line for line in lines if line[1] in {north, south}]
    assert [(line[1], line[2], line[3]) for line in mine] == [
        (south, "2", "100.0"),
        (north, "4", "75.0"),
    ]
    assert client.get("/dashboard/ranking.json?month=2021-13").status_code == 400


def test_a_month_in_persian_is_a_solar_hijri_month(app_ctx):
    key, first, last = dashboard.parse_month("۱۴۰۵-۰۹", "fa")
    assert (key, first, last) == ("1405-09", date(2026, 11, 22), date(2026, 12, 21))
    assert dashboard.parse_month("2026-02", "en")[1:] == (date(2026, 2, 1), date(2026, 2, 28))


def test_explanations_per_officer(police):
    asked_of = db.session.query(StaffUser).filter_by(username="officer_water").one()
    boss = db.session.query(StaffUser).filter_by(username="supervisor").one()
    ticket = police["late"]
    when = db.session.get(Ticket, ticket).created_at
    due = when + timedelta(days=1)
    answers = [due - timedelta(hours=1), due + timedelta(hours=1), None, None]
    for n, answered in enumerate(answers):
        db.session.add(
            Explanation(
                ticket_id=ticket,
                asked_by_id=boss.id,
                asked_of_id=asked_of.id,
                question=f"Why late? {n}",
                created_at=when,
                due_at=due if n < 3 else utc_now() + timedelta(days=1),
                answer="Because" if answered else None,
                answered_at=answered,
            )
        )
    db.session.commit()
    day = police["day"]
    [row] = [r for r in shown(day, day)["explanations"] if r["key"] == str(asked_of.id)]
    assert (row["asked"], row["answered_on_time"], row["answered_late"]) == (4, 1, 1)
    assert (row["missed"], row["awaited"]) == (1, 1)
    assert not shown(day, day, unit=police["south"].id)["explanations"]


def test_the_unit_rows_follow_the_readers_row_rules(app, police, monkeypatch):
    """Whatever the rules say (here: a clerk sees the North district's subtree, as the tree's
    rules will give a district SP), the figures and the unit rows follow them."""
    north_path = police["north"].path
    rules = app.extensions["janseva_rules"]["Ticket"]
    monkeypatch.setitem(
        rules, "Clerk", lambda user: Ticket.org_unit_id.in_(org_tree.subtree_ids([north_path]))
    )
    clerk = db.session.query(StaffUser).filter_by(username="clerk_roads").one()
    scope = dashboard.scope_for(clerk)
    day, level = police["day"], police["north"].depth
    chosen = dashboard.Filters(day, day, level=level)
    figures = dashboard.figures(chosen, scope, screens.labels())
    assert figures["totals"]["tickets"] == 4
    assert [row["key"] for row in figures["units"]] == [key(police, "north")]
    put([police["south_ids"][0]], day, police["n2"].id)  # moved into the clerk's subtree
    figures = dashboard.figures(chosen, scope, screens.labels())
    assert figures["totals"]["tickets"] == 5
    assert figures["units"][0]["tickets"] == 5
    visible = dashboard.visible_units(scope)
    assert police["north"].id in visible and police["south"].id not in visible


def test_the_page_offers_units_and_levels_in_persian(app, police):
    client = login(app, "supervisor", "fa")
    page = client.get(f"/dashboard/?unit={police['north'].id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'dir="rtl"' in text
    n, day = police["n"], police["day"]
    assert f"Units North 1-{n}" in text and 'id="dash-ranking"' in text
    query = f"from={day}&to={day}&unit={police['north'].id}"
    answer = client.get(f"/dashboard/data.json?{query}")
    assert answer.json["totals"]["tickets"] == 4
    assert {row["key"] for row in answer.json["units"]} == {key(police, "n1"), key(police, "n2")}
    exported = client.get(f"/dashboard/export/unit.csv?{query}")
    assert exported.status_code == 200
    assert f"Units North 2-{n}" in exported.get_data(as_text=True)
