"""Deadlines through office hours and holidays: computations per second, in-process.

    python bench/calendars.py [--districts 75] [--computations 200000]

Builds a fresh schema in DATABASE_URL (default: a temporary SQLite file) with a police tree:
districts in Uttar Pradesh, Madhya Pradesh and West Bengal (two stations each, three local
holidays per district), plus offices in Bangladesh and Iran. Then times sla.due_after (office
hours, a random unit, a random start over two years, 30 minutes to 3 days of working time)
with a warm cache, and the first computation of each calendar (the cold cache).
"""

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--districts", type=int, default=75)
    parser.add_argument("--computations", type=int, default=200_000)
    args = parser.parse_args()
    os.environ.setdefault(
        "DATABASE_URL", "sqlite:///" + os.path.join(tempfile.mkdtemp(), "bench.db")
    )
    from tests.conftest import _database_url

    os.environ["DATABASE_URL"] = _database_url()
    from app import create_app
    from app.extensions import db
    from app.models.org import Clock, Holiday, OrgUnit
    from app.schema import upgrade
    from app.services.grievance import sla
    from app.services.org import calendars, tree

    app = create_app({"WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        rng = random.Random(20)  # noqa: S311 - reproducible bench data
        units = []
        hq = OrgUnit(name="HQ", country="IN", subdivision="UP")
        tree.place(hq)
        for n in range(args.districts):
            state = ("UP", "MP", "WB")[n % 3]
            district = OrgUnit(name=f"District {n}", parent_id=hq.id, subdivision=state)
            tree.place(district)
            for k in range(3):
                day = date(2026, 1, 1) + timedelta(days=rng.randrange(730))
                db.session.add(Holiday(org_unit_id=district.id, day=day, name=f"Fair {k}"))
            for s in range(2):
                station = OrgUnit(name=f"Station {n}.{s}", parent_id=district.id, subdivision=state)
                tree.place(station)
                units.append(station.id)
            units.append(district.id)
        abroad = [
            ("BD", "Asia/Dhaka", "01236", clock_time(9), clock_time(17)),
            ("IR", "Asia/Tehran", "012356", clock_time(8), clock_time(16)),
        ]
        for country, zone, days, opens, closes in abroad:
            for n in range(5):
                office = OrgUnit(
                    name=f"{country} office {n}",
                    country=country,
                    subdivision=None,
                    timezone=zone,
                    working_days=days,
                    opens_at=opens,
                    closes_at=closes,
                )
                tree.place(office)
                units.append(office.id)
        db.session.commit()

        calendars.forget()
        calendars._public.clear()  # the library computes its days again too
        began = time.perf_counter()
        first = datetime(2026, 1, 1)
        for unit in units:  # each calendar built, covering the two years timed below
            sla.due_after(unit, Clock.office_hours, first, 60)
            sla.due_after(unit, Clock.office_hours, first + timedelta(days=2 * 365), 60)
        cold = time.perf_counter() - began

        work = [
            (
                rng.choice(units),
                first + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)),
                rng.randrange(30, 3 * 24 * 60),
            )
            for _ in range(args.computations)
        ]
        due_after, office_hours = sla.due_after, Clock.office_hours
        began = time.perf_counter()
        for unit, start, minutes in work:
            due_after(unit, office_hours, start, minutes)
        warm = time.perf_counter() - began

        minutes_between = sla.minutes_between
        began = time.perf_counter()
        for unit, start, minutes in work:
            minutes_between(unit, office_hours, start, start + timedelta(minutes=minutes))
        between = time.perf_counter() - began

        calendars.forget()  # as after TTL_SECONDS, or a holiday added elsewhere
        began = time.perf_counter()
        for unit in units:
            sla.due_after(unit, Clock.office_hours, first, 60)
            sla.due_after(unit, Clock.office_hours, first + timedelta(days=2 * 365), 60)
        rebuild = time.perf_counter() - began

        shared = len({id(calendars.for_unit(unit)) for unit in units})
        covered = {
            (date.fromordinal(c._covered.first).year, date.fromordinal(c._covered.last).year)
            for c in (calendars.for_unit(unit) for unit in units)
        }
        print(
            f"units: {len(units)} ({args.districts} districts in UP/MP/WB with 2 stations each, "
            f"5 in Bangladesh, 5 in Iran); distinct calendars: {shared}; "
            f"years of holidays covered: {sorted(covered)}"
        )
        print(
            f"cold: {len(units)} units' calendars built for two years in {cold:.2f} s "
            f"(with the holidays library's days); rebuilt after the TTL in {rebuild:.2f} s"
        )
        print(
            f"due_after: {args.computations} deadlines in {warm:.2f} s = "
            f"{args.computations / warm:,.0f} per second"
        )
        print(
            f"minutes_between: {args.computations} in {between:.2f} s = "
            f"{args.computations / between:,.0f} per second"
        )


if __name__ == "__main__":
    main()
