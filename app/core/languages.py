"""Each person's language: chosen from any page, remembered on their login."""

import unicodedata

from flask import current_app, session

from app.core.digits import to_ascii_digits
from app.extensions import db


def supported(code: str | None) -> bool:
    return bool(code) and code in current_app.config["LANGUAGES"]


def usable(code: str | None) -> str:
    """`code` if the deployment speaks it, else its default language: a code from any channel
    (an API, an import, an old record) never reaches Babel unchecked."""
    return code if supported(code) else current_app.config["BABEL_DEFAULT_LOCALE"]


def choose(code: str, user=None) -> None:
    """Switch the session's language and remember it on the staff login, if any."""
    session["locale"] = code
    if user is not None and getattr(user, "is_authenticated", False) and user.locale != code:
        user.locale = code
        db.session.commit()


def restore(user) -> None:
    """At login: the language this person chose last time."""
    if user is not None and supported(user.locale):
        session["locale"] = user.locale


def is_rtl(code: str | None) -> bool:
    return code in current_app.config["RTL_LANGUAGES"]


# Unicode blocks of the scripts citizens write in: Devanagari (Hindi), Bengali, Arabic (Persian).
SCRIPTS = {"hi": ("\u0900", "\u097f"), "bn": ("\u0980", "\u09ff"), "fa": ("\u0600", "\u06ff")}


def of_script(text: str) -> str | None:
    """The language a message is written in, from its letters: the script most of them are in;
    Latin letters read as English; digits and emoji alone say nothing (None)."""
    counts = dict.fromkeys((*SCRIPTS, "en"), 0)
    for char in text:
        if not char.isalpha():
            continue
        language = next(
            (code for code, (low, high) in SCRIPTS.items() if low <= char <= high), None
        )
        if language is None and char.isascii():
            language = "en"
        if language is not None:
            counts[language] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def words(text: str) -> str:
    """Lower-case words without punctuation or symbols ("Status!" reads as "status"), digits in
    ASCII; the vowel signs of Indic scripts and Persian's zero-width non-joiner stay."""
    marks = (" " if unicodedata.category(c)[0] in "PS" else c for c in to_ascii_digits(text))
    return " ".join("".join(marks).casefold().split())
