"""The demo's SLA policy: which categories run on office hours, targets per priority, escalation
ladders (short for the police, in office hours for the municipality) and local holidays."""

from datetime import date

from app.core.clock import utc_now
from app.models.org import Category, Clock, Holiday, LadderStep, OrgUnit, PriorityTarget
from app.services.base.demo import upsert

# Office work waits for the office to open. The blocked drain stays round the clock in the demo:
# the tests time the sweep on it in wall-clock minutes.
OFFICE_HOURS = ("STREETLIGHT", "GARBAGE", "HOLDING-TAX", "TRADE-LICENCE")
ROUND_THE_CLOCK = ("POLICE-HELP",)

# category -> priority -> (first response, primary action, resolution), in minutes of its clock
TARGETS = {
    "POLICE-HELP": {"urgent": (1, 3, 360), "low": (10, 30, 2880)},
    "GARBAGE": {"urgent": (15, 180, 720)},
    "STREETLIGHT": {"urgent": (30, 360, 1440)},
}

# category -> the minutes each level holds a breached ticket before it climbs again
LADDERS = {
    "POLICE-HELP": {2: 15, 3: 30, 4: 60},  # station head, district SP, headquarters
    "GARBAGE": {2: 120, 3: 240, 4: 480},  # ward officer, zone, commissioner (office hours)
    "STREETLIGHT": {2: 240, 3: 480, 4: 960},
}

# unit key -> (month, day, name): local days off, this year and next
HOLIDAYS = {
    "corporation": [(5, 31, "Ahilyabai Holkar Jayanti")],
}


def load(categories: dict[str, Category], units: dict[str, OrgUnit]) -> dict:
    for code in OFFICE_HOURS:
        categories[code].clock = Clock.office_hours
    for code in ROUND_THE_CLOCK:
        categories[code].clock = Clock.round_the_clock
    for code, by_priority in TARGETS.items():
        for priority, (first, action, resolution) in by_priority.items():
            upsert(
                PriorityTarget,
                {"category_id": categories[code].id, "priority": priority},
                first_response_minutes=first,
                primary_action_minutes=action,
                resolution_minutes=resolution,
            )
    for code, steps in LADDERS.items():
        for level, minutes in steps.items():
            upsert(
                LadderStep, {"category_id": categories[code].id, "level": level}, minutes=minutes
            )
    year = utc_now().year
    days = 0
    for key, listed in HOLIDAYS.items():
        for month, day, name in listed:
            for when in (date(year, month, day), date(year + 1, month, day)):
                upsert(Holiday, {"org_unit_id": units[key].id, "day": when}, name=name)
                days += 1
    return {
        "priority targets": sum(len(rows) for rows in TARGETS.values()),
        "ladder steps": sum(len(steps) for steps in LADDERS.values()),
        "holidays": days,
    }
