"""Digits both ways: people type १२३, ১২৩, ۱۲۳ or ١٢٣ (stored as 123), and Bengali and Persian
readers are shown their own digits."""

import unicodedata

# Persian/Arabic decimal and thousands separators typed on native keyboards.
_SEPARATORS = {"\u066b": ".", "\u066c": ",", "\u060c": ","}


def to_ascii_digits(text: str | None) -> str | None:
    """Every Unicode decimal digit (Devanagari, Bengali, Persian, Arabic-Indic...) becomes 0-9."""
    if text is None:
        return None
    out = []
    for char in str(text):
        if char.isdigit() and not char.isascii():
            try:
                out.append(str(unicodedata.decimal(char)))
                continue
            except ValueError:
                pass
        out.append(_SEPARATORS.get(char, char))
    return "".join(out)


# Bengali and Persian readers expect their own digits; Hindi screens conventionally use 0-9.
NATIVE_DIGITS = {"bn": "০১২৩৪৫৬৭৮৯", "fa": "۰۱۲۳۴۵۶۷۸۹"}
NATIVE_SEPARATORS = {"fa": {",": "٬", ".": "٫"}}


def native_digits(text: str, language: str) -> str:
    digits = NATIVE_DIGITS.get(language)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def native_number(text: str, language: str) -> str:
    """A formatted number ("1,234.5") in the language's digits and separators."""
    separators = NATIVE_SEPARATORS.get(language, {})
    return native_digits("".join(separators.get(c, c) for c in text), language)
