"""The shape of what a provider posts us, checked once where its body is parsed: every field
JanSeva reads has the JSON type the provider documents, so no later step (the webhook, the
chatbot's job, the relay) meets a string where it reads an object. A body of another shape is
refused whole (400, nothing stored); fields we do not read are not looked at.

A shape is written as the JSON it describes: `{"key": shape}` an object whose listed keys are
optional (null counts as absent) unless wrapped in `required`, `[shape]` a list of such
items, and a leaf: a function saying whether a value is acceptable (`text`, `whole`, ...)."""

import math
import re
from collections.abc import Callable

from flask.json.provider import DefaultJSONProvider
from flask_babel import lazy_gettext as _l

from app.core.errors import JanSevaError

MAX_DEPTH = 32  # far deeper than any provider nests; a deeper body is not one of theirs


class MalformedBody(JanSevaError):
    message = _l("The body is not shaped as its sender documents it (at %(where)s).")


class required:  # noqa: N801 - read as a word in a shape, like the leaves
    def __init__(self, shape):
        self.shape = shape


def text(limit: int | None = None) -> Callable[[object], bool]:
    """A string without NUL (no provider sends one; PostgreSQL keeps none), at most `limit`
    characters (an id or an address that must fit its column)."""

    def fits(value) -> bool:
        if not isinstance(value, str) or "\x00" in value:
            return False
        return limit is None or len(value) <= limit

    return fits


def matching(pattern: str) -> Callable[[object], bool]:
    """A string (or a number, as some providers send amounts) written as `pattern` says."""
    rule = re.compile(pattern)

    def fits(value) -> bool:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return False
        return rule.fullmatch(str(value)) is not None

    return fits


def whole(value) -> bool:
    """An integer a 64-bit column holds (a chat id, an update id)."""
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**63


def coordinate(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) <= 180


def flag(value) -> bool:
    return isinstance(value, bool)


def either(*leaves) -> Callable[[object], bool]:
    return lambda value: any(leaf(value) for leaf in leaves)


def check(value, shape, where: str = "body"):
    """`value` itself when it has `shape` (and nests no deeper than MAX_DEPTH); MalformedBody
    naming the first field that does not, otherwise."""
    _within_depth(value)
    _check(value, shape, where)
    return value


def _check(value, shape, where: str) -> None:
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            raise MalformedBody(where=where)
        for key, inner in shape.items():
            needed = isinstance(inner, required)
            inner = inner.shape if needed else inner
            if value.get(key) is not None:
                _check(value[key], inner, f"{where}.{key}")
            elif needed:
                raise MalformedBody(where=f"{where}.{key}")
    elif isinstance(shape, list):
        if not isinstance(value, list):
            raise MalformedBody(where=where)
        for n, item in enumerate(value):
            _check(item, shape[0], f"{where}[{n}]")
    elif not shape(value):
        raise MalformedBody(where=where)


def _within_depth(value) -> None:
    """Walked without recursion: the depth is what is being checked."""
    level = [value]
    for _depth in range(MAX_DEPTH + 1):
        inner = []
        for item in level:
            if isinstance(item, dict):
                inner.extend(item.values())
            elif isinstance(item, list):
                inner.extend(item)
        if not inner:
            return
        level = inner
    raise MalformedBody(where=f"depth {MAX_DEPTH}")


class JsonProvider(DefaultJSONProvider):
    """Flask's JSON, but what JSON cannot hold is malformed JSON (a 400, or None where a view
    reads it silently), not a 500 later: a body nested deeper than the parser goes (a
    RecursionError), NaN or Infinity, or a number too large for a float (1e999999), which
    no database column or JSON column takes."""

    def loads(self, s, **kwargs):
        kwargs.setdefault("parse_constant", _not_json)
        kwargs.setdefault("parse_float", _finite)
        try:
            return super().loads(s, **kwargs)
        except RecursionError as error:
            raise ValueError("JSON nested too deeply") from error


def _not_json(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _finite(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise ValueError(f"{literal[:20]} is too large a number")
    return value
