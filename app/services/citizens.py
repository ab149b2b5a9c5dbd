"""Finding the person behind a contact: one citizen record across every channel."""

from sqlalchemy import or_

from app.extensions import db
from app.models.citizen import Citizen
from app.services.phones import to_e164

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
    """The citizen any of these contacts belongs to (following merges), or a new one."""
    clean = normalise(contact)
    keys = {k: v for k, v in clean.items() if k in CONTACTS}
    citizen = None
    if keys:
        citizen = (
            db.session.query(Citizen)
            .filter(or_(*[getattr(Citizen, k) == v for k, v in keys.items()]))
            .first()
        )
    while citizen is not None and citizen.merged_into_id:
        citizen = db.session.get(Citizen, citizen.merged_into_id)
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
    return citizen


def prepare(citizen: Citizen) -> None:
    """Staff edits: the same normalisation as intake (E.164 phone, lower-case e-mail)."""
    if citizen.phone:
        citizen.phone = to_e164(citizen.phone)
    if citizen.email:
        citizen.email = citizen.email.strip().lower()
