"""JSON bodies of the REST actions: one marshmallow schema per action both checks the request
(a wrong shape or type is a 400 naming the fields, in the caller's language, never a 500) and
is the action's OpenAPI description, so the two cannot drift apart."""

import re

import prison
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import RAISE, Schema, ValidationError, fields

from app.core import languages
from app.core.errors import InvalidBody

INT_MAX = 2**31 - 1  # an id the database's integer columns can hold


class Body(Schema):
    """A request body: unknown fields are refused (a typo is not silently ignored)."""

    error_messages = {
        "unknown": _l("This field is not known here."),
        "type": _l("The body must be a JSON object."),
    }

    class Meta:
        unknown = RAISE


class _Said(fields.Field):
    """Marshmallow's own complaints, in the caller's language."""

    default_error_messages = {
        "required": _l("This field is required."),
        "null": _l("This field cannot be empty (null)."),
    }


class Answer(Schema):
    """A response body, only documented (never loaded)."""


class Text(_Said, fields.String):
    """Text that fits its column (`max_length`) and holds no NUL (PostgreSQL refuses it)."""

    def __init__(self, max_length: int | None = None, **kwargs):
        self.max_length = max_length
        metadata = {"maxLength": max_length} if max_length else {}
        super().__init__(metadata={**metadata, **kwargs.pop("metadata", {})}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError(_("Please give text here."))
        if "\x00" in value:
            raise ValidationError(_("Text cannot contain a NUL character."))
        if self.max_length and len(value) > self.max_length:
            raise ValidationError(_("At most %(limit)s characters.", limit=self.max_length))
        return value


class Choice(Text):
    """One of a fixed set of codes (a str enum's values)."""

    def __init__(self, choices, **kwargs):
        self.choices = [str(choice) for choice in choices]
        super().__init__(metadata={"enum": self.choices}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if value not in self.choices:
            raise ValidationError(
                _("Please choose one of: %(choices)s.", choices=", ".join(self.choices))
            )
        return value


class Language(Text):
    """A language the deployment speaks (its messages are written in it)."""

    def __init__(self, **kwargs):
        super().__init__(8, metadata={"example": "hi"}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if not languages.supported(value):
            spoken = ", ".join(current_app.config["LANGUAGES"])
            raise ValidationError(_("Please choose one of: %(choices)s.", choices=spoken))
        return value


class Whole(_Said, fields.Integer):
    """A whole number from 1 that the database's integer columns can hold (ids, grams)."""

    def __init__(self, **kwargs):
        super().__init__(metadata={"minimum": 1, "maximum": INT_MAX}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValidationError(_("Please give a whole number here."))
        try:
            number = int(value)
        except ValueError:
            raise ValidationError(_("Please give a whole number here.")) from None
        if not 1 <= number <= INT_MAX:
            raise ValidationError(_("Please give a whole number here."))
        return number


class Flag(_Said, fields.Boolean):
    """true or false, nothing else ("yes", 1 and "" are refused, not guessed)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise ValidationError(_("Please give true or false here."))
        return value


class Ids(_Said, fields.List):
    """Ids of related records (a many-to-many relation)."""

    default_error_messages = {"invalid": _l("Please give a list of whole numbers here.")}

    def __init__(self, **kwargs):
        super().__init__(Whole(), **kwargs)


def related_ids(names, many=()) -> type[Schema]:
    """The schema of a body's related records: an id each (a list of ids for those in `many`),
    or null (FAB then says whether the relation may be empty)."""
    shape = {name: (Ids if name in many else Whole)(allow_none=True) for name in names}
    return Schema.from_dict(shape)


def list_query(query: dict) -> dict:
    """A list or _info query (`q`) the database can run: its page indexes checked (`pages`),
    and its filter values within what a column holds (PostgreSQL casts them to the column's
    type and refuses a number beyond it or a NUL in text)."""
    filters = query.get("filters")
    for condition in filters if isinstance(filters, list) else []:
        if isinstance(condition, dict):
            _check_filter_value(condition.get("value"))
    return pages(query)


def _check_filter_value(value) -> None:
    if isinstance(value, list):
        for item in value:
            _check_filter_value(item)
    elif isinstance(value, str) and "\x00" in value:
        raise InvalidBody({"filters": [_("Text cannot contain a NUL character.")]})
    else:
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
            number = int(value)
        if number is not None and not -INT_MAX <= number <= INT_MAX:
            limit = _("Please give a number between -%(limit)s and %(limit)s.", limit=INT_MAX)
            raise InvalidBody({"filters": [limit]})


def pages(query: dict) -> dict:
    """A list or _info query (`q`) whose page indexes are whole numbers from 0 (PostgreSQL
    refuses a negative OFFSET); FAB has already checked they are JSON integers, and caps the
    page size."""
    checked = {}
    for key, value in query.items():
        if isinstance(value, dict):
            value = pages(value)
        elif key in ("page", "page_size") and isinstance(value, int | float):
            if key == "page" and not 0 <= value <= INT_MAX:
                raise InvalidBody({key: [_("Please give a whole number here.")]})
            value = int(value)
        checked[key] = value
    return checked


def check_query(query: str | None) -> None:
    """A list or _info query (`q`) that FAB's Rison reader can read or refuse itself (it
    crashes on some malformed input: `1e+5`, `!`, `(a:`, deep nesting)."""
    if query:
        try:
            prison.loads(query)
        except prison.decoder.ParserException:
            pass  # FAB tries it as JSON, then refuses it
        except (ValueError, IndexError, TypeError, RecursionError):
            raise InvalidBody({"q": [_("This is neither Rison nor JSON.")]}) from None


class Coordinate(_Said, fields.Float):
    """A latitude (`limit` 90) or longitude (`limit` 180) in degrees."""

    def __init__(self, limit: int, **kwargs):
        self.limit = limit
        super().__init__(metadata={"minimum": -limit, "maximum": limit}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(_("Please give a number here."))
        if not -self.limit <= value <= self.limit:
            raise ValidationError(
                _("Please give a number between -%(limit)s and %(limit)s.", limit=self.limit)
            )
        return float(value)


class Amount(_Said, fields.String):
    """An amount of rupees as text ("1499.50", native digits welcome) or a JSON number; the
    service parses it and says what is wrong with it."""

    def __init__(self, **kwargs):
        super().__init__(metadata={"example": "1499.50", "maxLength": 32}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValidationError(_("Please give an amount here."))
        text = str(value)
        if "\x00" in text or len(text) > 32:
            raise ValidationError(_("Please give an amount here."))
        return text


class Refusal(Answer):
    """Every refusal: what went wrong, in the caller's language; when the body did not fit,
    `errors` says per field why."""

    message = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


def load(schema: type[Schema], data) -> dict:
    """`data` checked by `schema`; InvalidBody (400) naming every field that does not fit."""
    try:
        return schema().load({} if data is None else data)
    except ValidationError as error:
        raise InvalidBody(_messages(error.messages)) from None


def _messages(messages) -> dict:
    """Marshmallow's errors as {field: [text]} (lazy strings resolved, nesting flattened)."""
    if not isinstance(messages, dict):
        messages = {"body": messages}
    return {
        "body" if field == "_schema" else str(field): [str(m) for m in _flat(found)]
        for field, found in messages.items()
    }


def _flat(found):
    if isinstance(found, dict):
        return [m for value in found.values() for m in _flat(value)]
    if isinstance(found, list | tuple):
        return [m for value in found for m in _flat(value)]
    return [found]
