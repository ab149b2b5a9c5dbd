"""Police complaints made in the past and swept by the real SLA sweep, so that a new desk shows
an escalation climbing the ladder: one ticket held by its station's head (level 2), one gone up
to the district SP (level 3), and a fresh one in the third district.

Each is registered through tickets.create_ticket with the clock set back (clock.set_to), given
to its station's officer, and the sweep then runs at the moments it would have run, so the
timeline holds what really happened then; the ladder's next steps are still ahead, so a running
desk sees them climb further."""

from datetime import timedelta

from app.core import clock
from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.models.org import Category, Officer, OrgUnit
from app.services.grievance import sla_sweep, tickets
from app.services.org import demo_tree

CATEGORY = "POLICE-HELP"  # first response within 2 minutes; a short ladder (demo_policy)

# station, minutes ago, priority, citizen name, phone, language, description, sweeps (seconds
# after registration): police help breaches after 2 minutes and the next sweep (every 20 s)
# gives it to the station head, who holds it 15 minutes before the district SP gets it.
TICKETS = [
    (
        "vijaynagar",
        25,
        "normal",
        "Kiran Bhatt",
        "+919812345611",
        "hi",
        "मेरी मोटरसाइकिल घर के बाहर से चोरी हो गई है",
        (135, 1050),
    ),
    (
        "ttnagar",
        5,
        "normal",
        "Sabina Yasmin",
        "+8801712345612",
        "bn",
        "পাশের বাড়িতে সারা রাত ধরে জোরে মারামারি চলছে",
        (135,),
    ),
    (
        "mahakal",
        1,
        "low",
        "Daniel Fernandes",
        "+919812345613",
        "en",
        "A pilgrim's phone was snatched near the temple gate",
        (),
    ),
]


def load() -> dict:
    """The three police tickets, once (a ticket with the first one's text means they exist)."""
    first_text = TICKETS[0][6]
    if db.session.query(Ticket.id).filter(Ticket.description == first_text).first() is not None:
        return {"escalation tickets": 0}
    category = db.session.query(Category).filter_by(code=CATEGORY).one_or_none()
    stations = _stations()
    if category is None or len(stations) < len(TICKETS):
        return {"escalation tickets": 0}  # no police tree in this deployment
    now = clock.utc_now()
    for station, ago, priority, name, phone, language, text, sweeps in TICKETS:
        start = now - timedelta(minutes=ago)
        with clock.set_to(start):
            ticket = tickets.create_ticket(
                category_id=category.id,
                description=text,
                contact={"phone": phone},
                channel="phone_call",
                name=name,
                language=language,
                priority=priority,
            )
        unit, officer = stations[station]
        with clock.set_to(start + timedelta(seconds=30)):
            _to_station(ticket, unit, officer)
        for seconds in sweeps:
            moment = start + timedelta(seconds=seconds)
            with clock.set_to(moment):
                sla_sweep.sweep(moment)
    return {"escalation tickets": len(TICKETS)}


def _stations() -> dict:
    """The demo stations by key, each with its officer (the police tree's names)."""
    found = {}
    for _district, _names, stations in demo_tree.DISTRICTS:
        for key, names in stations:
            unit = db.session.query(OrgUnit).filter_by(name=names[0]).first()
            officer = (
                db.session.query(Officer).filter_by(org_unit_id=unit.id).first() if unit else None
            )
            if officer is not None:
                found[key] = (unit, officer)
    return found


def _to_station(ticket: Ticket, unit: OrgUnit, officer: Officer) -> None:
    """The control room hands the call to the station: its unit, its officer.
    TODO(corrections): move it with their transfer service once merged, so the timeline says so."""
    ticket.org_unit_id = unit.id
    if ticket.assignee_id != officer.id:
        tickets.assign(ticket, officer)
    else:
        db.session.commit()
