"""The conversation engine every chat channel shares (WhatsApp, Telegram, Messenger, SMS).

A citizen describes the problem in their own words; the bot answers in the language of that
first message, asks the category from a numbered menu, the ward (number, name or a shared
location), an optional photo, and a confirmation, then registers the ticket (whose own first
message carries the tracking number). "status <number>", "appeal <number>", "my tickets",
"feedback", "help", "language" and "cancel" work at any point, in all four languages and with
native digits. The state lives in the Conversation row; after 30 minutes of silence a half-told
complaint starts over. What the bot understands and says, in the four languages, is in
chatbot_texts.py; the appeal's steps in chat_appeals.py.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from sqlalchemy import bindparam, select

from app.core import languages
from app.core.clock import utc_now
from app.core.digits import native_digits
from app.core.errors import JanSevaError
from app.extensions import db
from app.models.channels import Conversation
from app.models.grievance.ticket import Ticket
from app.models.org import Category
from app.services.channels import chat_appeals
from app.services.channels import chatbot_texts as texts
from app.services.grievance import feedback, tickets
from app.services.grievance.errors import BadTrackingNumber
from app.services.grievance.tracking import format_tracking_no
from app.services.org import menus

TIMEOUT = timedelta(minutes=30)
MY_TICKETS = 5  # the newest ones "my tickets" lists


@dataclass
class Incoming:
    """A citizen's message as every channel hands it to the engine."""

    text: str = ""
    latitude: float | None = None
    longitude: float | None = None
    media: list[str] = field(default_factory=list)  # the provider's media ids, fetched later


@dataclass
class Answer:
    replies: list[str] = field(default_factory=list)
    ticket: Ticket | None = None
    outbox: list = field(default_factory=list)  # the ticket's own messages, sent after commit


class MediaLater(Exception):
    """Raised by a fetch_media that must not wait for the provider (the webhook's own answer):
    the message is left to the job, which may."""


def conversation_for(channel: str, address: str, wait: bool = True) -> Conversation:
    """The citizen's conversation on this channel, locked for this message (one at a time);
    `wait=False`: a conversation another message holds raises instead of waiting."""
    where = {"channel": channel, "address": address}
    conversation = db.session.scalars(_locked(wait), where).first()
    if conversation is None:
        conversation = Conversation(channel=channel, address=address, step="idle", data={})
        db.session.add(conversation)
        db.session.flush()
    return conversation


@cache
def _locked(wait: bool):
    """Built once: SQLAlchemy then finds its compiled form at once (every message asks it)."""
    return (
        select(Conversation)
        .where(
            Conversation.channel == bindparam("channel"),
            Conversation.address == bindparam("address"),
        )
        .with_for_update(nowait=not wait)
    )


def answer(conversation: Conversation, message: Incoming, contact: dict, fetch_media) -> Answer:
    """What the bot says to `message`; registers the ticket when the citizen confirms. The
    caller commits, then dispatches the answer's outbox (the ticket's first message)."""
    now = utc_now()
    if conversation.step != "idle" and now - conversation.updated_at > TIMEOUT:
        _reset(conversation)
    conversation.updated_at = now
    text = (message.text or "").strip()
    if conversation.step == "idle" and text:
        conversation.language = languages.of_script(text) or conversation.language
    command = _command(text)
    if command:
        return Answer(command(conversation, text))
    step = STEPS[conversation.step]
    return step(conversation, message, contact, fetch_media)


# --- the steps of a complaint -------------------------------------------------------------------


def _idle(conversation, message, contact, fetch_media) -> Answer:
    text = (message.text or "").strip()
    if not text or texts.number(text) is not None:
        return _say(conversation, "describe")
    conversation.data = {"text": text[:2000], "media": list(message.media)}
    conversation.step = "category"
    return _say(
        conversation, "menu", words=text[:200], menu=texts.category_menu(conversation.language)
    )


def _category(conversation, message, contact, fetch_media) -> Answer:
    categories = menus.current().categories
    choice = texts.number(message.text)
    if choice is None or not 1 <= choice <= len(categories):
        return _say(conversation, "pick", menu=texts.category_menu(conversation.language))
    conversation.data = {**conversation.data, "category_id": categories[choice - 1].id}
    conversation.step = "ward"
    return _say(conversation, "ward")


def _ward(conversation, message, contact, fetch_media) -> Answer:
    if message.latitude is not None and message.longitude is not None:
        ward = menus.nearest_ward(message.latitude, message.longitude)
        place = {"latitude": message.latitude, "longitude": message.longitude}
    else:
        ward, place = _ward_named(message.text), {}
    if ward is None:
        wards = menus.current().wards
        last = wards[-1].number if wards else 1
        return _say(conversation, "no_ward", last=native_digits(str(last), conversation.language))
    conversation.data = {**conversation.data, **place, "ward_id": ward.id}
    conversation.step = "photo"
    if conversation.data.get("media"):
        return _confirm_question(conversation)
    return _say(conversation, "photo")


def _photo(conversation, message, contact, fetch_media) -> Answer:
    if message.media:
        conversation.data = {
            **conversation.data,
            "media": conversation.data.get("media", []) + message.media,
        }
        return _say(conversation, "photo_added")
    if texts.means(message.text, "skip", "no"):
        return _confirm_question(conversation)
    return _say(conversation, "photo")


def _confirm(conversation, message, contact, fetch_media) -> Answer:
    if texts.means(message.text, "no"):
        _reset(conversation)
        return _say(conversation, "cancelled")
    if not texts.means(message.text, "yes"):
        return _say(conversation, "yes_no")
    data = conversation.data
    photos = [fetch_media(media_id) for media_id in data.get("media", [])]
    _reset(conversation)  # committed with the ticket: a repeated "yes" registers nothing more
    outbox = []
    attempt = db.session.begin_nested()  # a refused ticket keeps the conversation's changes
    try:
        ticket = tickets.create_ticket(
            category_id=data["category_id"],
            description=data["text"],
            contact=contact["ids"],
            name=contact.get("name"),
            channel=conversation.channel,
            ward_id=data["ward_id"],
            language=conversation.language,
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            photos=photos,
            queued=outbox,  # the caller's commit stores the message, the ticket and the step
        )
    except JanSevaError as error:
        attempt.rollback()
        return _say(conversation, "failed", reason=str(error))
    attempt.commit()
    conversation.citizen_id = ticket.citizen_id
    # The ticket's first message carries the tracking number.
    return Answer(ticket=ticket, outbox=outbox)


def _confirm_question(conversation) -> Answer:
    conversation.step = "confirm"
    data, language = conversation.data, conversation.language
    category = menus.current().category(data["category_id"])
    ward = menus.current().ward(data["ward_id"])
    if category is None:  # made inactive since it was chosen: registering it will say so
        category = db.session.get(Category, data["category_id"])
        category_name = category.localized("name", language)
    else:
        category_name = category.localized(language)
    count = len(data.get("media", []))
    photos = texts.say(language, "with_photos", count=native_digits(str(count), language))
    return _say(
        conversation,
        "confirm",
        category=category_name,
        ward=f"{native_digits(str(ward.number), language)} {ward.localized(language)}",
        words=data["text"][:200],
        photos=photos if count else "",
    )


# --- commands, at any step ----------------------------------------------------------------------


def _command(text: str):
    words = languages.words(text)
    if not words:
        return None
    if words in texts.WORDS["help"]:
        return _help
    if words in texts.WORDS["cancel"]:
        return _cancel
    if words in texts.WORDS["language"]:
        return _language_menu
    if words in texts.WORDS["mine"]:
        return _my_tickets
    if words in texts.WORDS["feedback"]:
        return _ask_rating
    first = words.split(" ", 1)[0]
    if first in texts.WORDS["status"]:
        return _status
    if first in texts.WORDS["appeal"]:
        return chat_appeals.ask_grounds
    return None


def _help(conversation, text) -> list[str]:
    return _say(conversation, "help").replies


def _cancel(conversation, text) -> list[str]:
    _reset(conversation)
    return _say(conversation, "cancelled").replies


def _status(conversation, text) -> list[str]:
    number = text.split(None, 1)[1] if len(text.split(None, 1)) > 1 else ""
    language = conversation.language
    if not number.strip():
        return _say(conversation, "status_how", example=format_tracking_no(1234)).replies
    try:
        ticket = tickets.by_tracking_no(number)
    except BadTrackingNumber:
        ticket = None
    if ticket is None:
        return _say(conversation, "not_found", value=number.strip()).replies
    return [texts.status_line(ticket, language)]


def _my_tickets(conversation, text) -> list[str]:
    if conversation.citizen_id is None:
        return _say(conversation, "none_yet").replies
    mine = tickets.history(conversation.citizen_id, limit=MY_TICKETS)
    if not mine:
        return _say(conversation, "none_yet").replies
    lines = "\n".join(texts.status_line(ticket, conversation.language) for ticket in mine)
    return _say(conversation, "mine", list=lines).replies


def _ask_rating(conversation, text) -> list[str]:
    ticket = feedback.awaiting(conversation.citizen_id) if conversation.citizen_id else None
    if ticket is None:
        return _say(conversation, "nothing_to_rate").replies
    if conversation.step != "rating":
        conversation.data = {**conversation.data, "resume": conversation.step}
        conversation.step = "rating"
    conversation.data = {**conversation.data, "rate_ticket": ticket.id}
    category = ticket.category.localized("name", conversation.language)
    return _say(conversation, "rate", tracking_no=ticket.tracking_no, category=category).replies


def _rating(conversation, message, contact, fetch_media) -> Answer:
    rating = texts.number(message.text)
    if rating is None or not 1 <= rating <= 5:
        return _say(conversation, "rate_again")
    data = dict(conversation.data)
    ticket = db.session.get(Ticket, data.pop("rate_ticket"))
    conversation.step, conversation.data = data.pop("resume", "idle"), data
    feedback.record_for(ticket, rating, None, not_fixed=False)
    language = conversation.language
    return _say(
        conversation,
        "rated",
        rating=native_digits(str(rating), language),
        tracking_no=ticket.tracking_no,
    )


def _language_menu(conversation, text) -> list[str]:
    if conversation.step != "language":
        conversation.data = {**conversation.data, "resume": conversation.step}
        conversation.step = "language"
    return _say(conversation, "languages", menu=texts.language_menu()).replies


def _choose_language(conversation, message, contact, fetch_media) -> Answer:
    choice = texts.number(message.text)
    picked = languages.of_script(message.text or "")
    if choice is not None and 1 <= choice <= len(texts.LANGUAGE_ORDER):
        picked = texts.LANGUAGE_ORDER[choice - 1]
    if picked is None:
        return Answer(_language_menu(conversation, ""))
    data = dict(conversation.data)
    conversation.language, conversation.step = picked, data.pop("resume", "idle")
    conversation.data = data
    if conversation.citizen_id:
        conversation.citizen.language = picked
    return _say(conversation, "language_set")


def _appeal(conversation, message, contact, fetch_media) -> Answer:
    replies, appeal, queued = chat_appeals.register(conversation, message.text or "")
    return Answer(replies, ticket=appeal, outbox=queued)


# Where the conversation is -> what the citizen's next message answers.
STEPS = {
    "idle": _idle,
    "category": _category,
    "ward": _ward,
    "photo": _photo,
    "confirm": _confirm,
    "language": _choose_language,
    "rating": _rating,
    "appeal": _appeal,
}


# --- helpers ------------------------------------------------------------------------------------


def _ward_named(text: str | None) -> menus.Entry | None:
    words = languages.words(text or "")
    if not words:
        return None
    number = texts.number(words.replace("ward", "").strip())
    wards = menus.current().wards
    if number is not None:
        return menus.current().ward_numbered(number)
    for ward in wards:
        if any(name and words == languages.words(name) for name in ward.names.values()):
            return ward
    return None


def _say(conversation, key: str, **params) -> Answer:
    return Answer([texts.say(conversation.language, key, **params)])


def _reset(conversation) -> None:
    conversation.step, conversation.data = "idle", {}
