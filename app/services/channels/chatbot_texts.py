"""What the chatbot understands and says, in English, Hindi, Bengali and Persian: the words
citizens type for its commands and answers (compared case-folded, without punctuation, in any
digits), and its replies, each through gettext in the conversation's language. The steps that
choose a reply are in chatbot.py."""

from flask_babel import lazy_gettext as _l

from app.core import languages
from app.core.dates import local_date
from app.core.digits import native_digits
from app.models.grievance.ticket import Ticket
from app.services.grievance import outbox, ticket_states
from app.services.org import menus

LANGUAGE_ORDER = ("en", "hi", "bn", "fa")
LANGUAGE_NAMES = {"en": "English", "hi": "हिन्दी", "bn": "বাংলা", "fa": "فارسی"}

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
    "appeal": {"appeal", "अपील", "আপিল", "تجدیدنظر", "اعتراض"},
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
    "appeal_how": _l("Send “appeal” and the tracking number, e.g. “appeal %(example)s”."),
    "appeal_why": _l(
        "Why do you appeal against %(tracking_no)s? Tell us in a few words what is still wrong."
    ),
    "appeal_why_again": _l("Please tell us in a few words why you appeal."),
    "appeal_refused": _l("Sorry, we could not register your appeal: %(reason)s"),
}


def say(language: str, key: str, **params) -> str:
    """The reply `key` in `language`."""
    return outbox.render(language, TEXTS[key], **params)


def status_line(ticket: Ticket, language: str) -> str:
    """One ticket as "status" and "my tickets" list it."""
    return say(
        language,
        "status",
        tracking_no=ticket.tracking_no,
        state=outbox.render(language, ticket_states.LABELS[ticket.state]),
        category=ticket.category.localized("name", language),
        date=local_date(ticket.created_at, language),
    )


def category_menu(language: str) -> str:
    """The active categories, numbered in the reader's digits."""
    return "\n".join(
        f"{native_digits(str(n), language)}. {category.localized(language)}"
        for n, category in enumerate(menus.current().categories, start=1)
    )


def language_menu() -> str:
    """The four languages, numbered, each in its own script."""
    return "\n".join(
        f"{n}. {LANGUAGE_NAMES[code]}" for n, code in enumerate(LANGUAGE_ORDER, start=1)
    )


def number(text: str | None) -> int | None:
    """A number the citizen typed alone ("3", "३", "۳"), else None."""
    words = languages.words(text or "")
    return int(words) if words.isdigit() else None


def means(text: str | None, *kinds: str) -> bool:
    """Whether the citizen's words are one of WORDS[kind] for any of `kinds`."""
    words = languages.words(text or "")
    return any(words in WORDS[kind] for kind in kinds)
