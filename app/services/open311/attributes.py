"""Service attributes: the extra questions a service asks through Open311, how an admin writes
them, how they are published, and how a client's answers are checked."""

import math
import re
from datetime import datetime

from flask_babel import lazy_gettext as _l

from app.core.digits import to_ascii_digits
from app.core.errors import InvalidCode, JanSevaError
from app.extensions import db
from app.models.open311 import AttributeType, ServiceAttribute

LISTS = {AttributeType.singlevaluelist, AttributeType.multivaluelist}
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
MAX_TEXT = {AttributeType.string: 300, AttributeType.text: 4000}


class BadChoices(JanSevaError):
    message = _l(
        "A list needs its choices, one per line as “key = name”; other types take none. "
        "Line %(line)s is not valid."
    )


class BadPosition(JanSevaError):
    message = _l("The order must be a whole number from 1 up.")


def parse_choices(text: str | None) -> list[dict]:
    """ "S = Small" lines -> [{"key": "S", "name": "Small"}]; raise on a malformed line."""
    choices = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        key, separator, name = line.partition("=")
        if not separator or not key.strip() or not name.strip():
            raise BadChoices(line=number)
        choices.append({"key": key.strip(), "name": name.strip()})
    if len({choice["key"] for choice in choices}) != len(choices):
        raise BadChoices(line=len(choices))
    return choices


def prepare(attribute: ServiceAttribute) -> None:
    """The admin screen's check before saving an attribute."""
    if not CODE_PATTERN.match(attribute.code or ""):
        raise InvalidCode()
    if attribute.position is None or attribute.position < 1:
        raise BadPosition()
    choices = parse_choices(attribute.choices)
    if (AttributeType(attribute.datatype) in LISTS) != bool(choices):
        raise BadChoices(line=1)
    attribute.choices = "\n".join(f"{c['key']} = {c['name']}" for c in choices) or None


def of_category(category_id: int) -> list[ServiceAttribute]:
    return (
        db.session.query(ServiceAttribute)
        .filter_by(category_id=category_id)
        .order_by(ServiceAttribute.position)
        .all()
    )


def categories_with_attributes() -> set[int]:
    return {pk for (pk,) in db.session.query(ServiceAttribute.category_id).distinct()}


def published(attribute: ServiceAttribute) -> dict:
    """One `attribute` of a service definition."""
    return {
        "variable": attribute.variable,
        "code": attribute.code,
        "datatype": AttributeType(attribute.datatype).value,
        "required": attribute.required,
        "datatype_description": attribute.datatype_description,
        "order": attribute.position,
        "description": attribute.description,
        "values": parse_choices(attribute.choices),
    }


def check_answers(
    attributes: list[ServiceAttribute], submitted: dict[str, list[str]]
) -> tuple[dict, list[str], list[str]]:
    """The client's answers checked against the service's questions: (answers by code, lines a
    clerk reads, errors). Unknown codes are ignored, as the spec's clients send extras."""
    answers, lines, errors = {}, [], []
    for attribute in attributes:
        if not attribute.variable:
            continue
        values = [v.strip() for v in submitted.get(attribute.code, []) if v and v.strip()]
        if not values:
            if attribute.required:
                errors.append(f"attribute[{attribute.code}] is required")
            continue
        problem, shown = _check(attribute, values)
        if problem:
            errors.append(f"attribute[{attribute.code}] {problem}")
            continue
        kind = AttributeType(attribute.datatype)
        answers[attribute.code] = values if kind == AttributeType.multivaluelist else values[0]
        lines.append(f"{attribute.description}: {shown}")
    return answers, lines, errors


def _check(attribute: ServiceAttribute, values: list[str]) -> tuple[str | None, str]:
    """(what is wrong or None, the answer as a clerk reads it)."""
    kind = AttributeType(attribute.datatype)
    if kind != AttributeType.multivaluelist and len(values) > 1:
        return "takes one value", ""
    if kind in LISTS:
        names = {c["key"]: c["name"] for c in parse_choices(attribute.choices)}
        unknown = [v for v in values if v not in names]
        if unknown:
            return f"has no value {unknown[0]!r}", ""
        return None, ", ".join(names[v] for v in values)
    value = values[0]
    if kind == AttributeType.number:
        try:
            number = float(to_ascii_digits(value))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            return "must be a number", ""
    if kind == AttributeType.datetime:
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return "must be an ISO 8601 date and time", ""
    if len(value) > MAX_TEXT.get(kind, 300):
        return f"is longer than {MAX_TEXT.get(kind, 300)} characters", ""
    return None, value
