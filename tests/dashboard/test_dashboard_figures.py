"""The dashboard's figures: exact against the database, up to date after any kind of write
(services, bulk SQL, feedback), within the reader's scope, in the deployment's calendar."""

import statistics
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from flask import current_app
from sqlalchemy import func, update

from app.core.clock import utc_now
from app.core.dates import end_of_local_day, local_day
from app.extensions import db
from app.models.base import StaffUser
from app.models.grievance.ticket import Feedback, Ticket, TicketChange
from app.models.org import Department
from app.security.scope import scope_criterion
from app.services.dashboard import figures as dashboard
from app.services.dashboard import store as dashboard_store
from app.services.dashboard.errors import BadDashboardFilter
from app.services.grievance import ticket_changes, ticket_states, tickets
from app.views.dashboard.screens import labels
from tests.grievance_helpers import new_ticket


def figures(start: date, end: date | None = None, scope=None, **filters) -> dict:
    chosen = dashboard.Filters(start, end or start, **filters)
    return dashboard.figures(chosen, scope or dashboard.Scope(), labels())


def created_between(start: date, end: date, criterion=None):
    query = db.session.query(Ticket).filter(
        Ticket.created_at >= end_of_local_day(start - timedelta(days=1)),
        Ticket.created_at < end_of_local_day(end),
    )
    return query if criterion is None else query.filter(criterion)


def move_to(ticket_ids, day: date, **times):
    """Put tickets on another day (noon local time) with bulk SQL, as a migration would."""
    noon = datetime.combine(
        day,
        datetime.min.time().replace(hour=12),
        ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]),
    )
    created = noon.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    values = {"created_at": created}
    values.update({column: created + delta for column, delta in times.items()})
    db.session.execute(update(Ticket).where(Ticket.id.in_(ticket_ids)).values(**values))
    db.session.commit()


def user(name):
    return db.session.query(StaffUser).filter_by(username=name).one()


def test_todays_figures_equal_the_database(app_ctx):
    new_ticket(description="Dashboard: drain", phone="+919811000001")
    new_ticket(code="POTHOLE", ward=5, description="Dashboard: pothole", phone="+919811000002")
    today = local_day(utc_now())
    shown = figures(today)
    rows = created_between(today, today).all()
    assert shown["totals"]["tickets"] == len(rows)
    assert shown["totals"]["today"] == len(rows)
    by_category = {}
    for ticket in rows:
        by_category[ticket.category.label()] = by_category.get(ticket.category.label(), 0) + 1
    assert {r["label"]: r["count"] for r in shown["breakdowns"]["category"]} == by_category
    shares = [r["share"] for r in shown["breakdowns"]["channel"]]  # each rounded to 6 places
    assert sum(shares) == pytest.approx(1, abs=len(shares) * 5e-7)
    open_now = db.session.query(func.count(Ticket.id)).filter(
        Ticket.state.in_([s.value for s in ticket_states.open_states()])
    )
    assert shown["totals"]["open"] == open_now.scalar()


def test_a_new_ticket_shows_at_once(app_ctx):
    today = local_day(utc_now())
    before = figures(today)
    new_ticket(code="POTHOLE", ward=7, description="Dashboard: live", phone="+919811000003")
    after = figures(today)
    assert after["totals"]["today"] == before["totals"]["today"] + 1
    assert after["totals"]["open"] == before["totals"]["open"] + 1
    ward = next(r for r in after["breakdowns"]["ward"] if r["label"].startswith("7 "))
    ward_before = next(r for r in before["breakdowns"]["ward"] if r["label"].startswith("7 "))
    assert ward["count"] == ward_before["count"] + 1


def test_bulk_sql_and_feedback_reach_the_figures(app_ctx):
    day = date(2020, 3, 2)
    made = [new_ticket(description=f"Dashboard: bulk {n}", phone="+919811000010") for n in (1, 2)]
    ids = [t.id for t in made]
    figures(day)  # the copy is up to date before the bulk writes
    move_to(ids, day, first_response_at=timedelta(minutes=10), resolved_at=timedelta(hours=5))
    db.session.execute(update(Ticket).where(Ticket.id == ids[0]).values(level=2))
    db.session.add(
        Feedback(
            ticket_id=ids[1],
            resolved_at=utc_now(),
            rating=4,
            not_fixed=False,
            created_at=utc_now(),
        )
    )
    db.session.commit()
    shown = figures(day)
    assert shown["totals"]["tickets"] == 2
    assert shown["totals"]["escalations"] == 1
    assert shown["totals"]["rating_average"] == 4 and shown["totals"]["ratings"] == 1
    [department] = shown["performance"]["department"]
    assert department["median_first_response_minutes"] == 10.0
    assert department["median_resolution_hours"] == 5.0


def test_medians_and_compliance_are_exact(app_ctx):
    day = date(2020, 4, 6)
    minutes = [3, 7, 8, 20, 95]  # 95: after the 60-minute target
    made = [new_ticket(description="Dashboard: median", phone="+919811000020") for _ in minutes]
    for ticket, late in zip(made, minutes, strict=True):
        answered = timedelta(minutes=late, seconds=30)
        move_to([ticket.id], day, first_response_at=answered, first_response_due=timedelta(hours=1))
    shown = figures(day)
    [department] = shown["performance"]["department"]
    assert department["tickets"] == 5
    assert department["median_first_response_minutes"] == round(
        statistics.median(m + 0.5 for m in minutes), 1
    )
    assert department["sla_compliance"] == pytest.approx(4 / 5)
    assert shown["totals"]["breaches"] == 1
    assert shown["totals"]["sla_compliance"] == pytest.approx(4 / 5)


def test_days_and_months_follow_the_deployment_calendar(app_ctx):
    late = new_ticket(description="Dashboard: 23:50", phone="+919811000030")
    early = new_ticket(description="Dashboard: 00:10", phone="+919811000031")
    india = ZoneInfo("Asia/Kolkata")
    for ticket, moment in (
        (late, datetime(2020, 5, 31, 23, 50, tzinfo=india)),
        (early, datetime(2020, 6, 1, 0, 10, tzinfo=india)),
    ):
        utc = moment.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
        db.session.execute(update(Ticket).where(Ticket.id == ticket.id).values(created_at=utc))
    db.session.commit()
    shown = figures(date(2020, 5, 31), date(2020, 6, 1))
    assert [d["intake"] for d in shown["trend"]["day"]] == [1, 1]
    assert [(m["key"], m["intake"]) for m in shown["trend"]["month"]] == [
        ("2020-05", 1),
        ("2020-06", 1),
    ]


def test_local_days_across_a_daylight_saving_change():
    london = ZoneInfo("Europe/London")
    moments = [
        datetime(2026, 3, 28, 23, 30, tzinfo=london),  # GMT
        datetime(2026, 3, 29, 0, 30, tzinfo=london),
        datetime(2026, 3, 29, 23, 30, tzinfo=london),  # BST: 22:30 UTC
        datetime(2026, 10, 25, 0, 30, tzinfo=london),
    ]
    seconds = np.array([int(m.timestamp()) for m in moments] + [dashboard_store.NONE])
    days = dashboard_store.local_days(seconds, london)
    expected = [(m.date() - date(1970, 1, 1)).days for m in moments] + [dashboard_store.NONE]
    assert days.tolist() == expected


def test_a_clerk_and_an_officer_count_their_own_tickets_only(app_ctx):
    new_ticket(code="POTHOLE", description="Dashboard: roads", phone="+919811000040")
    new_ticket(description="Dashboard: water", phone="+919811000041")
    today = local_day(utc_now())
    for name in ("clerk_water", "officer_water", "supervisor"):
        reader = user(name)
        scope = dashboard.scope_for(reader)
        shown = figures(today, scope=scope)
        expected = created_between(today, today, scope_criterion(Ticket, reader)).count()
        assert shown["totals"]["tickets"] == expected, name
    water = db.session.query(Department.id).filter_by(code="WATER").scalar()
    clerk = figures(today, scope=dashboard.scope_for(user("clerk_water")))
    assert {int(r["key"]) for r in clerk["performance"]["department"]} <= {water}
    assert dashboard.scope_for(user("counter")).nothing


def test_filters_read_native_digits_and_refuse_nonsense(app_ctx):
    scope = dashboard.Scope()
    chosen = dashboard.parse_filters({"from": "२०२६-११-०१", "to": "۲۰۲۶-۱۱-۳۰", "ward": "৩"}, scope)
    assert (chosen.start, chosen.end, chosen.ward) == (date(2026, 11, 1), date(2026, 11, 30), 3)
    for bad in ({"from": "yesterday"}, {"from": "2026-12-01", "to": "2026-11-01"}, {"ward": "x"}):
        with pytest.raises(BadDashboardFilter):
            dashboard.parse_filters(bad, scope)
    clerk = dashboard.Scope(department=4)
    assert dashboard.parse_filters({"department": "1"}, clerk).department == 4


def test_an_idle_copy_reloads_and_the_log_is_pruned(app_ctx, monkeypatch):
    copy = dashboard_store.TicketColumns()
    copy.refresh()
    loaded = int(copy.rows()["present"].sum())
    assert loaded == db.session.query(func.count(Ticket.id)).scalar()
    copy.looked_at = utc_now() - dashboard_store.RELOAD_AFTER - timedelta(seconds=1)
    ticket = new_ticket(description="Dashboard: reload", phone="+919811000050")
    copy.refresh()
    assert copy.arrays["present"][copy.position[ticket.id]]
    db.session.add(TicketChange(ticket_ids=str(ticket.id), at=utc_now() - timedelta(hours=2)))
    db.session.commit()
    assert ticket_changes.prune() >= 1
    assert (
        not db.session.query(TicketChange)
        .filter(TicketChange.at < utc_now() - timedelta(hours=1))
        .count()
    )
    tickets.add_note(ticket, "Dashboard: a note after the prune", public=False)
    copy.refresh()
    assert copy.arrays["present"][copy.position[ticket.id]]


def test_a_write_still_running_at_a_look_is_taken_in_after_its_commit(app_ctx):
    """The dashboard looks while another transaction has written but not committed, and
    others commit after it: the slow one's change still arrives, exactly once."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("transaction ids are PostgreSQL's; SQLite has one writer at a time")
    slow_ticket = new_ticket(description="Dashboard: slow writer", phone="+919811000060")
    fast_ticket = new_ticket(description="Dashboard: fast writer", phone="+919811000061")
    copy = dashboard_store.TicketColumns()
    copy.refresh()
    slow = db.engine.connect()
    slow.execute(update(Ticket).where(Ticket.id == slow_ticket.id).values(level=4))
    copy.refresh()  # looks while the slow transaction runs
    with db.engine.begin() as fast:
        fast.execute(update(Ticket).where(Ticket.id == fast_ticket.id).values(level=2))
    copy.refresh()
    assert copy.arrays["level"][copy.position[fast_ticket.id]] == 2
    assert copy.arrays["level"][copy.position[slow_ticket.id]] == 1
    slow.commit()
    slow.close()
    copy.refresh()
    assert copy.arrays["level"][copy.position[slow_ticket.id]] == 4


def test_the_radix_median_equals_numpys_median_per_group():
    rng = np.random.default_rng(11)
    for _ in range(200):
        size = int(rng.integers(1, 40))
        groups = rng.integers(0, size, int(rng.integers(0, 3000))).astype(np.int32)
        top = int(rng.choice([2, 100, 86_400, 2_000_000_000]))
        values = rng.integers(dashboard_store.NONE, top, len(groups)).astype(np.int32)
        width = int(rng.choice([64, 4096]))  # small widths put big values in the last bucket
        shift = max(0, int(values.max(initial=1)).bit_length() - (width - 1).bit_length() - 3)
        cells = dashboard_store._cell(groups, values, width, shift)
        expected = [
            np.median(values[(groups == g) & (values >= 0)])
            if ((groups == g) & (values >= 0)).any()
            else np.nan
            for g in range(size)
        ]
        medians = dashboard._medians(cells, width, values, size + 2)[2:]
        assert np.allclose(medians, expected, equal_nan=True)


def test_the_radix_median_of_merged_groups_equals_numpys():
    """Per unit histograms added up per ancestor (the unit table) give the exact median."""
    rng = np.random.default_rng(12)
    for _ in range(100):
        units = int(rng.integers(1, 30))
        groups = rng.integers(-1, units, int(rng.integers(0, 3000))).astype(np.int32)
        values = rng.integers(dashboard_store.NONE, 200_000, len(groups)).astype(np.int32)
        width = int(rng.choice([64, 4096]))
        shift = max(0, int(values.max(initial=1)).bit_length() - (width - 1).bit_length())
        cells = dashboard_store._cell(groups, values, width, shift)
        parent = rng.integers(0, 4, units + 1)  # unit -> its ancestor's slot; last: no unit
        merge = np.concatenate([[0, parent[-1] + 1], parent[:-1] + 1])
        expected = []
        for slot in range(4):
            mine = np.isin(groups, np.flatnonzero(parent[:-1] == slot))
            if parent[-1] == slot:
                mine |= groups == -1
            known = values[mine & (values >= 0)]
            expected.append(np.median(known) if len(known) else np.nan)
        found = dashboard._medians(cells, width, values, 5, merge)[1:]
        assert np.allclose(found, expected, equal_nan=True)
