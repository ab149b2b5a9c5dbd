"""What a reader sees on a page: its text without markup, scripts or hidden boxes."""

import html
import re

# FAB's confirmation and alert boxes are on every page, hidden until a button opens them.
_HIDDEN = re.compile(r"(?s)<script.*?</script>|<style.*?</style>")


_INLINE = re.compile(r"</?(?:bdi|span|strong|small|a|b|i|em)\b[^>]*>")


def visible_text(page: str) -> str:
    """The page's words as read: inline markup (<bdi>, <a>...) joins, blocks part."""
    text = re.sub(r"<[^>]+>", " ", _INLINE.sub("", _HIDDEN.sub(" ", page)))
    return " ".join(html.unescape(text).split())


NATIVE_DIGITS = {"bn": "০১২৩৪৫৬৭৮৯", "fa": "۰۱۲۳۴۵۶۷۸۹", "hi": "0123456789"}


def in_digits(number: int, language: str) -> str:
    return str(number).translate(str.maketrans("0123456789", NATIVE_DIGITS[language]))
