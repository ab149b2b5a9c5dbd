"""A screen action the services refuse: the user's error (a JanSevaError, in their language)
shows as a red message on the next page, and nothing of the attempt is saved. Each screen then
answers as it did: its form again, or back to the record.

    with flashed_errors() as refused:
        payment = payments.create(...)
        return redirect(url_for(".show", pk=payment.id))
    return self.render_template(...)  # refused.error holds what was flashed

JSON APIs answer their errors through app/views/base/api_body.py instead."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import flash

from app.core.errors import JanSevaError
from app.extensions import db


@dataclass
class Refusal:
    """What the block raised, once it is over: None when it went through."""

    error: JanSevaError | None = None


@contextmanager
def flashed_errors(about: str | None = None) -> Iterator[Refusal]:
    """Roll back and flash a JanSevaError raised in the block ("danger"), then go on after it;
    `about` names the record the message is about ("<about>: <message>"). Any other exception
    passes through."""
    refusal = Refusal()
    try:
        yield refusal
    except JanSevaError as error:
        db.session.rollback()
        refusal.error = error
        flash(str(error) if about is None else about + ": " + str(error), "danger")
