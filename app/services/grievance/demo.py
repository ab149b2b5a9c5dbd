"""The grievance desk's demo tickets, in four languages and several channels."""

from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.models.org import Category, Ward
from app.services.grievance import demo_escalations, tickets

# category, ward, citizen name, phone, language, channel, description
TICKETS = [
    (
        "DRAIN",
        3,
        "Anita Sharma",
        "+919812345601",
        "hi",
        "walk_in",
        "नाली जाम है, पानी सड़क पर भर गया है",
    ),
    (
        "WATER-SUPPLY",
        1,
        "Rahim Uddin",
        "+8801712345602",
        "bn",
        "phone_call",
        "দুই দিন ধরে পানি আসছে না",
    ),
    ("POTHOLE", 7, "Reza Ahmadi", "+989123456603", "fa", "walk_in", "چاله بزرگ جلوی مدرسه"),
    (
        "STREETLIGHT",
        9,
        "John Mathew",
        "+919812345604",
        "en",
        "phone_call",
        "Streetlight outside house 14 has been off for a week",
    ),
    ("DRAIN", 2, "Anita Sharma", "+919812345601", "hi", "walk_in", "फिर से नाली जाम"),
    ("GARBAGE", 11, "Meera Iyer", "+919812345605", "en", "walk_in", "Garbage not collected"),
]


def load() -> dict:
    """A few tickets so a new desk is not empty (only into an empty desk), and police tickets
    climbing the escalation ladder (once)."""
    return _desk() | demo_escalations.load()


def _desk() -> dict:
    if db.session.query(Ticket.id).first() is not None:
        return {"tickets": 0}
    categories = {c.code: c.id for c in db.session.query(Category)}
    wards = {w.number: w.id for w in db.session.query(Ward)}
    for code, ward, name, phone, language, channel, text in TICKETS:
        tickets.create_ticket(
            category_id=categories[code],
            description=text,
            contact={"phone": phone},
            channel=channel,
            ward_id=wards[ward],
            name=name,
            language=language,
        )
    return {"tickets": len(TICKETS)}
