"""Each person's language: chosen from any page, remembered on their login."""

from flask import current_app, session

from app.extensions import db


def supported(code: str | None) -> bool:
    return bool(code) and code in current_app.config["LANGUAGES"]


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
