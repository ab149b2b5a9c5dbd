"""Finding the person behind a contact: one citizen record across every channel."""

from operator import attrgetter

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, update

from app.core import languages, records
from app.core.clock import utc_now
from app.core.errors import JanSevaError
from app.core.phones import to_e164
from app.extensions import db
from app.models.grievance.citizen import Citizen
from app.models.grievance.outbox import OutboundMessage
from app.models.grievance.ticket import Ticket
from app.services.grievance import timeline

CONTACTS = ("phone", "email", "whatsapp_id", "telegram_chat_id", "messenger_id", "x_handle")


def normalise(contact: dict) -> dict:
    clean = {k: (str(v).strip() if v is not None else None) for k, v in contact.items()}
    clean = {k: v for k, v in clean.items() if v}
    if "phone" in clean:
        clean["phone"] = to_e164(clean["phone"])
    if "email" in clean:
        clean["email"] = clean["email"].lower()
    return clean


def find_or_create(
    contact: dict, name: str | None = None, language: str | None = None, ward_id: int | None = None
) -> Citizen:
    """The citizen any of these contacts belongs to (following merges), or a new one; a
    language the deployment does not speak is ignored."""
    language = language if languages.supported(language) else None
    keys = {k: v for k, v in normalise(contact).items() if k in CONTACTS}
    citizen = find(keys)
    if citizen is None:
        citizen = Citizen(language=language or "en")
        db.session.add(citizen)
    for key, value in keys.items():
        if getattr(citizen, key) is None:
            setattr(citizen, key, value)
    citizen.name = citizen.name or name
    citizen.ward_id = citizen.ward_id or ward_id
    if language:
        citizen.language = language
    if citizen in db.session.new or db.session.is_modified(citizen):
        records.check_columns(citizen)  # a name its column cannot keep (too long, a NUL)
    return citizen


def find(contact: dict) -> Citizen | None:
    """The citizen any of these contacts belongs to (following merges), if we know them."""
    keys = {k: v for k, v in normalise(contact).items() if k in CONTACTS}
    if not keys:
        return None
    citizen = (
        db.session.query(Citizen)
        .filter(or_(*[getattr(Citizen, k) == v for k, v in keys.items()]))
        .first()
    )
    while citizen is not None and citizen.merged_into_id:
        citizen = db.session.get(Citizen, citizen.merged_into_id)
    return citizen


def prepare(citizen: Citizen) -> None:
    """Staff edits: the same normalisation as intake (E.164 phone, lower-case e-mail)."""
    if citizen.phone:
        citizen.phone = to_e164(citizen.phone)
    if citizen.email:
        citizen.email = citizen.email.strip().lower()


class MergeRefused(JanSevaError):
    message = _l("Select at least two citizens who have not been merged already.")


def merge(records: list[Citizen], actor=None) -> Citizen:
    """Merge duplicates into the earliest record. Their tickets and messages move to it, and so
    does every contact it lacks; the others stay as merged records, so a message from one of
    their contacts still finds the person. Each moved ticket's timeline says so."""
    people = sorted(
        {c.id: c for c in records if c.merged_into_id is None}.values(), key=attrgetter("id")
    )
    if len(people) < 2:
        raise MergeRefused()
    survivor, duplicates = people[0], people[1:]
    now = utc_now()
    for duplicate in duplicates:
        moved = [pk for (pk,) in db.session.query(Ticket.id).filter_by(citizen_id=duplicate.id)]
        for model in (Ticket, OutboundMessage):
            db.session.execute(
                update(model)
                .where(model.citizen_id == duplicate.id)
                .values(citizen_id=survivor.id)
                .execution_options(synchronize_session=False)
            )
        taken = {k: getattr(duplicate, k) for k in CONTACTS if getattr(survivor, k) is None}
        taken = {k: v for k, v in taken.items() if v}
        for key in taken:
            setattr(duplicate, key, None)  # contacts are unique: free them before moving
        db.session.flush()
        for key, value in taken.items():
            setattr(survivor, key, value)
        survivor.name = survivor.name or duplicate.name
        survivor.ward_id = survivor.ward_id or duplicate.ward_id
        duplicate.merged_into_id = survivor.id
        entry = {"from_citizen": duplicate.id, "into_citizen": survivor.id}
        timeline.record_many("citizen_merged", now, [(pk, entry) for pk in moved], actor)
    db.session.commit()
    return survivor
