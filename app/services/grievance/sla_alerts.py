"""What one sweep round tells each person: one message per person (per kind) listing their
tickets, in the reader's language, on their own channel.

A round may alert hundreds of people about thousands of tickets, so each sentence, target
label and name is translated once per language, and each deadline formatted once per second
and language (a round's breaches fell due within the same few seconds), not once per line.
"""

from collections import defaultdict
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core import bidi, bulk, languages
from app.core.dates import local_datetime, local_number
from app.extensions import db
from app.models.grievance.outbox import MessageStatus, OutboundMessage
from app.models.org import Category, Ward
from app.services.grievance import sla

LISTED = 20  # tickets named in one alert; the others are counted
UNDELIVERABLE = "undeliverable: no address for the recipient"  # as outbox.queue_to says it

TEXTS = {
    "warning": _l("%(tracking_no)s: %(target)s due at %(due)s. Please act now."),
    "breach": _l(
        "%(tracking_no)s (%(category)s, %(ward)s): %(target)s missed; it was due at "
        "%(due)s. Escalated to you."
    ),
    "more": _l("More tickets: %(count)s. See the Escalations screen."),
}


class Alerts:
    def __init__(self):
        self.tickets = defaultdict(list)

    def add(self, kind: str, recipient: tuple, row, target: str) -> None:
        """`recipient`: (channel, address, language, who) — `who` names the person in keys."""
        self.tickets[(kind, *recipient)].append((row, target))

    def queue(self, now: datetime) -> list[int]:
        """Write every alert (COPY, ids drawn first: hundreds of people may hear in a round);
        the ids of those to send, for outbox.dispatch_ids after the commit."""
        listed = [row for items in self.tickets.values() for row, _target in items[:LISTED]]
        lines = Lines(
            _by_id(Category, {row.category_id for row in listed}),
            _by_id(Ward, {row.ward_id for row in listed if row.ward_id}),
        )
        ids = bulk.next_ids(OutboundMessage.__table__, len(self.tickets))
        rows = []
        for id_, ((kind, channel, address, language, who), items) in zip(
            ids, self.tickets.items(), strict=True
        ):
            language = languages.usable(language)
            text = [lines.line(kind, language, *item) for item in items[:LISTED]]
            if len(items) > LISTED:
                more = local_number(len(items) - LISTED, language)
                text.append(lines.render(language, "more", count=more))
            rows.append(
                {
                    "id": id_,
                    "ticket_id": items[0][0].id if len(items) == 1 else None,
                    "citizen_id": None,
                    "event_key": f"sla-{kind}-{who}-{now:%Y%m%dT%H%M%S%f}",
                    "channel": channel,
                    "recipient": address,
                    "language": language,
                    "body": "\n".join(text),
                    "status": MessageStatus.pending if address else MessageStatus.undeliverable,
                    "attempts": 0,
                    "last_error": None if address else UNDELIVERABLE,
                    "created_at": now,
                }
            )
        bulk.insert_rows(OutboundMessage.__table__, rows)
        return [row["id"] for row in rows if row["recipient"]]


class Lines:
    """One ticket's line of an alert, as outbox.render would write it, with what repeats
    from line to line translated or formatted once."""

    def __init__(self, categories: dict, wards: dict):
        self.categories, self.wards = categories, wards
        self.cache = {}

    def _once(self, key, make):
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def _translated(self, language: str, name: str, text) -> str:
        def make():
            with force_locale(language):
                return _(str(text))

        return self._once(("text", language, name), make)

    def render(self, language: str, kind: str, **params) -> str:
        template = self._translated(language, kind, TEXTS[kind])
        rtl = self._once(("rtl", language), lambda: languages.is_rtl(language))
        return template % bidi.isolate_params(params, rtl)  # placeholders isolated in Persian

    def line(self, kind: str, language: str, row, target: str) -> str:
        due = getattr(row, sla.TARGETS[target][0]).replace(microsecond=0)
        ward = self.wards.get(row.ward_id)
        return self.render(
            language,
            kind,
            tracking_no=row.tracking_no,
            target=self._translated(language, target, sla.TARGET_LABELS[target]),
            due=self._once(("due", language, due), lambda: local_datetime(due, language)),
            category=self._once(
                ("category", language, row.category_id),
                lambda: self.categories[row.category_id].localized("name", language),
            ),
            ward=self._once(
                ("ward", language, row.ward_id),
                lambda: ward.localized("name", language) if ward else "",
            ),
        )


def _by_id(model, ids: set) -> dict:
    if not ids:
        return {}
    return {item.id: item for item in db.session.query(model).filter(model.id.in_(ids))}
