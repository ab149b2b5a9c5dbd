"""SMS segments: a text in the GSM 03.38 alphabet fits 160 characters in one SMS (153 per part
when split), anything else (Devanagari, Bengali, Persian) goes as UCS-2 in 70 (67 per part).
Longer replies are cut at a word so a message never costs more than SMS_MAX_SEGMENTS parts."""

import gsm0338  # noqa: F401 - registers the "gsm03.38" codec

LIMITS = {"gsm": (160, 153), "ucs2": (70, 67)}  # one SMS, each part of a longer one
ELLIPSIS = {"gsm": "...", "ucs2": "…"}


def encoding(text: str) -> str:
    try:
        text.encode("gsm03.38")
    except UnicodeEncodeError:
        return "ucs2"
    return "gsm"


def length(text: str, kind: str) -> int:
    """Septets in GSM (escaped characters such as € count twice), UTF-16 units in UCS-2."""
    if kind == "gsm":
        return len(text.encode("gsm03.38"))
    return len(text.encode("utf-16-le")) // 2


def segments(text: str) -> int:
    kind = encoding(text)
    single, part = LIMITS[kind]
    size = length(text, kind)
    return 1 if size <= single else -(-size // part)


def fit(text: str, max_segments: int) -> str:
    """`text`, or as much of it as fits `max_segments` parts, cut at a word and marked."""
    if segments(text) <= max_segments:
        return text
    kind = encoding(text)
    room = LIMITS[kind][1] * max_segments - length(ELLIPSIS[kind], kind)
    cut = text
    while length(cut, kind) > room:
        cut = cut[: max(1, len(cut) - max(1, (length(cut, kind) - room) // 2))]
    words = cut.rsplit(None, 1)[0] if " " in cut.strip() else cut
    return words.rstrip() + ELLIPSIS[kind]
