"""Native digits in, ASCII digits out: citizens and clerks type १२३, ১২৩, ۱۲۳ or ١٢٣."""

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
