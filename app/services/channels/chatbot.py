"""The conversation engine every chat channel shares (WhatsApp, Telegram, Messenger, SMS).

A citizen describes the problem in their own words; the bot answers in the language of that
first message, asks the category from a numbered menu, the ward (number, name or a shared
location), an optional photo, and a confirmation, then registers the ticket (whose own first
message carries the tracking number). "status <number>", "my tickets", "feedback", "help",
"language" and "cancel" work at any point, in all four languages and with native digits. The
state lives in the Conversation row; after 30 minutes of silence a half-told complaint starts
over.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from app.core import languages
from app.core.clock import utc_now
from app.core.dates import local_date
from app.core.digits import native_digits
from app.core.errors import JanSevaError
from app.extensions import db
from app.models.channels import Conversation
from app.models.grievance.ticket import Ticket
from app.models.org import Category
from app.services.grievance import feedback, ticket_states, tickets
from app.services.grievance import outbox as notify
from app.services.grievance.tracking import format_tracking_no, parse_tracking_no
from app.services.org import menus

TIMEOUT = timedelta(minutes=30)
MY_TICKETS = 5  # the newest ones "my tickets" lists
LANGUAGE_ORDER = ("en", "hi", "bn", "fa")

# What citizens type, in every language (compared case-folded, without punctuation).
WORDS = {
    "yes": {
        "yes",
        "y",
        "ok",
        "haan",
        "han",
        "हाँ",
        "हां",
        "हा",
        "जी",
        "হ্যাঁ",
        "হা",
        "জি",
        "بله",
        "آره",
        "باشه",
    },
    "no": {"no", "n", "nahin", "nahi", "नहीं", "नही", "না", "نه", "خیر"},
    "skip": {"skip", "छोड़ें", "छोड़ो", "बाद", "বাদ", "এড়িয়ে", "رد", "بعدی"},
    "cancel": {"cancel", "stop", "रद्द", "বাতিল", "لغو"},
    "help": {"help", "menu", "मदद", "सहायता", "সাহায্য", "راهنما", "کمک"},
    "language": {"language", "lang", "भाषा", "ভাষা", "زبان"},
    "feedback": {
        "feedback",
        "rate",
        "rating",
        "फीडबैक",
        "प्रतिक्रिया",
        "মতামত",
        "রেটিং",
        "بازخورد",
        "نظرسنجی",
    },
    "status": {"status", "track", "स्थिति", "स्टेटस", "অবস্থা", "স্ট্যাটাস", "وضعیت", "پیگیری"},
    "mine": {
        "my tickets",
        "my complaints",
        "मेरी शिकायतें",
        "मेरी शिकायत",
        "আমার অভিযোগ",
        "আমার অভিযোগগুলো",
        "شکایت‌های من",
        "شکایتهای من",
        "درخواست‌های من",
    },
}

TEXTS = {
    "menu": _l("We have noted: “%(words)s”. What is it about? Reply with a number:\n%(menu)s"),
    "pick": _l("Please reply with a number from the list:\n%(menu)s"),
    "describe": _l("Please describe the problem in a few words, e.g. “Drain blocked near school”."),
    "ward": _l("Which ward is it in? Send the ward number or name, or share your location."),
    "no_ward": _l("We could not find that ward. Send its number (1 to %(last)s) or its name."),
    "photo": _l("Send a photo of the problem, or reply “skip”."),
    "photo_added": _l("Photo received. Send another, or reply “skip” to go on."),
    "confirm": _l(
        "Please check: %(category)s, ward %(ward)s: “%(words)s”%(photos)s. Reply “yes” to "
        "register it or “no” to cancel."
    ),
    "with_photos": _l(", with %(count)s photo(s)"),
    "yes_no": _l("Please reply “yes” to register the complaint or “no” to cancel it."),
    "cancelled": _l("Cancelled. Write to us whenever you need."),
    "help": _l(
        "Describe your problem to register a complaint. You can also send: “status” and a "
        "tracking number, “my tickets”, “feedback”, “language”, “cancel”."
    ),
    "status": _l("%(tracking_no)s: %(state)s (%(category)s, received %(date)s)."),
    "not_found": _l("No complaint has the tracking number %(value)s."),
    "status_how": _l("Send “status” and the tracking number, e.g. “status %(example)s”."),
    "mine": _l("Your latest complaints:\n%(list)s"),
    "none_yet": _l("You have no complaints with us yet. Describe a problem to register one."),
    "languages": _l("Reply with a number to choose your language:\n%(menu)s"),
    "language_set": _l("From now on we will write to you in English."),
    "failed": _l("Sorry, we could not register it: %(reason)s"),
    "rate": _l(
        "How well was %(tracking_no)s (%(category)s) resolved? Reply with a number from 1 (very "
        "poorly) to 5 (very well)."
    ),
    "rate_again": _l("Please reply with a number from 1 to 5."),
    "rated": _l("Thank you: your rating of %(rating)s for %(tracking_no)s is recorded."),
    "nothing_to_rate": _l("None of your complaints is waiting for your rating."),
}
LANGUAGE_NAMES = {"en": "English", "hi": "हिन्दी", "bn": "বাংলা", "fa": "فارسی"}


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
    if not text or _number(text) is not None:
        return _say(conversation, "describe")
    conversation.data = {"text": text[:2000], "media": list(message.media)}
    conversation.step = "category"
    return _say(conversation, "menu", words=text[:200], menu=_category_menu(conversation))


def _category(conversation, message, contact, fetch_media) -> Answer:
    categories = menus.current().categories
    choice = _number(message.text)
    if choice is None or not 1 <= choice <= len(categories):
        return _say(conversation, "pick", menu=_category_menu(conversation))
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
    if _is(message.text, "skip", "no"):
        return _confirm_question(conversation)
    return _say(conversation, "photo")


def _confirm(conversation, message, contact, fetch_media) -> Answer:
    if _is(message.text, "no"):
        _reset(conversation)
        return _say(conversation, "cancelled")
    if not _is(message.text, "yes"):
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
            outbox=outbox,  # the caller's commit stores the message, the ticket and the step
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
    photos = notify.render(
        language, TEXTS["with_photos"], count=native_digits(str(count), language)
    )
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
    if words in WORDS["help"]:
        return _help
    if words in WORDS["cancel"]:
        return _cancel
    if words in WORDS["language"]:
        return _language_menu
    if words in WORDS["mine"]:
        return _my_tickets
    if words in WORDS["feedback"]:
        return _ask_rating
    first = words.split(" ", 1)[0]
    if first in WORDS["status"]:
        return _status
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
        ticket = db.session.get(Ticket, parse_tracking_no(number))
    except JanSevaError:
        ticket = None
    if ticket is None:
        return _say(conversation, "not_found", value=number.strip()).replies
    return [_status_line(ticket, language)]


def _my_tickets(conversation, text) -> list[str]:
    if conversation.citizen_id is None:
        return _say(conversation, "none_yet").replies
    mine = tickets.history(conversation.citizen_id, limit=MY_TICKETS)
    if not mine:
        return _say(conversation, "none_yet").replies
    lines = "\n".join(_status_line(ticket, conversation.language) for ticket in mine)
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
    rating = _number(message.text)
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
    menu = "\n".join(
        f"{n}. {LANGUAGE_NAMES[code]}" for n, code in enumerate(LANGUAGE_ORDER, start=1)
    )
    return _say(conversation, "languages", menu=menu).replies


def _choose_language(conversation, message, contact, fetch_media) -> Answer:
    choice = _number(message.text)
    picked = languages.of_script(message.text or "")
    if choice is not None and 1 <= choice <= len(LANGUAGE_ORDER):
        picked = LANGUAGE_ORDER[choice - 1]
    if picked is None:
        return Answer(_language_menu(conversation, ""))
    data = dict(conversation.data)
    conversation.language, conversation.step = picked, data.pop("resume", "idle")
    conversation.data = data
    if conversation.citizen_id:
        conversation.citizen.language = picked
    return _say(conversation, "language_set")


# Where the conversation is -> what the citizen's next message answers.
STEPS = {
    "idle": _idle,
    "category": _category,
    "ward": _ward,
    "photo": _photo,
    "confirm": _confirm,
    "language": _choose_language,
    "rating": _rating,
}


# --- helpers ------------------------------------------------------------------------------------


def _ward_named(text: str | None) -> menus.Entry | None:
    words = languages.words(text or "")
    if not words:
        return None
    number = _number(words.replace("ward", "").strip())
    wards = menus.current().wards
    if number is not None:
        return menus.current().ward_numbered(number)
    for ward in wards:
        if any(name and words == languages.words(name) for name in ward.names.values()):
            return ward
    return None


def _category_menu(conversation) -> str:
    language = conversation.language
    return "\n".join(
        f"{native_digits(str(n), language)}. {category.localized(language)}"
        for n, category in enumerate(menus.current().categories, start=1)
    )


def _status_line(ticket: Ticket, language: str) -> str:
    return notify.render(
        language,
        TEXTS["status"],
        tracking_no=ticket.tracking_no,
        state=notify.render(language, ticket_states.LABELS[ticket.state]),
        category=ticket.category.localized("name", language),
        date=local_date(ticket.created_at, language),
    )


def _say(conversation, key: str, **params) -> Answer:
    return Answer([notify.render(conversation.language, TEXTS[key], **params)])


def _reset(conversation) -> None:
    conversation.step, conversation.data = "idle", {}


def _number(text: str | None) -> int | None:
    words = languages.words(text or "")
    return int(words) if words.isdigit() else None


def _is(text: str | None, *kinds: str) -> bool:
    words = languages.words(text or "")
    return any(words in WORDS[kind] for kind in kinds)
