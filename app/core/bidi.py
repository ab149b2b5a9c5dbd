"""Left-to-right runs (phones, addresses, tracking numbers, names, English notes) kept whole in
right-to-left text: on pages each run is a <bdi>, in messages it sits between Unicode's First
Strong Isolate and Pop Directional Isolate (U+2068, U+2069)."""

import unicodedata

from markupsafe import Markup, escape

FSI, PDI = "\u2068", "\u2069"
STRONG = {"L", "R", "AL"}


def has_strong_letter(text: str) -> bool:
    """Whether a run has a letter that sets its direction; "+91 98123 45601" has none."""
    return any(unicodedata.bidirectional(char) in STRONG for char in text)


def bdi(value) -> Markup:
    """A run of data isolated on a page: its own direction from its first letter, and
    left to right when it has none (a phone number, an amount, a masked code)."""
    if value is None or value == "":
        return Markup("")
    text = escape(value)  # Markup stays as it is, anything else is escaped
    if has_strong_letter(text.striptags()):
        return Markup("<bdi>%s</bdi>") % text
    return Markup('<bdi dir="ltr">%s</bdi>') % text


def isolate(value, rtl: bool) -> str:
    """A run isolated in plain text (an SMS, a chat message) of a right-to-left language; FSI
    falls back to left to right when the run has no letter, as a phone number needs."""
    if not rtl or value is None or value == "":
        return value
    return f"{FSI}{value}{PDI}"


def isolate_params(params: dict, rtl: bool) -> dict:
    """Every placeholder of a message isolated (a label in the message's own script loses
    nothing by it)."""
    return {name: isolate(value, rtl) for name, value in params.items()} if rtl else params


def html_message(translated: str, **params) -> Markup:
    """A translated sentence for a page, each placeholder's run isolated (pass the sentence
    through gettext without its parameters); a plain number needs no isolation."""
    return escape(translated) % {
        name: value if _plain_number(value) else bdi(value) for name, value in params.items()
    }


def _plain_number(value) -> bool:
    text = str(value)
    return bool(text) and all(char.isdecimal() or char in ".,٫٬" for char in text)
