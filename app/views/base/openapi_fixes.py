"""Where Flask-AppBuilder's generated OpenAPI document says something its endpoints do not do,
corrected in one place: ScopedApi builds its answers with `Converter` (so the answer and the
schema describing it come from the same field) and calls `correct` for each resource."""

from datetime import UTC

from flask_appbuilder.api.convert import Model2SchemaConverter
from marshmallow import fields

from app.views.base.api_body import INT_MAX

# FAB answers a body that fails its schema with {"message": {field: [errors]}}
MESSAGE = {"anyOf": [{"type": "string"}, {"type": "object"}]}
# refusals our resources answer besides FAB's own (a duplicate value, a record still in use)
REFUSED = {"409": "The record conflicts with another one, or is still in use"}
DECIMAL = {"type": "string", "format": "decimal", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}


class UtcDateTime(fields.DateTime):
    """The database keeps naive UTC datetimes (app/services/clock.py): answered with their zone,
    as the document's `date-time` requires."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class Converter(Model2SchemaConverter):
    """FAB's model-to-schema converter, with fields that say what they answer: a relation or a
    choice that may be empty is nullable, a datetime carries its zone, an amount is the decimal
    text FAB sends (not a JSON number)."""

    def _column2field(self, datamodel, column, nested=True, parent_schema_name=None):
        field = super()._column2field(datamodel, column, nested, parent_schema_name)
        if datamodel.is_relation_many_to_one(column.name) or datamodel.is_enum(column.name):
            field.allow_none = datamodel.is_nullable(column.name)
        if datamodel.is_enum(column.name):  # FAB requires every NOT NULL choice, even one the
            sqla = datamodel.list_columns[column.name]  # database fills in (a category's clock)
            field.required = field.required and sqla.server_default is None
        plain = (UtcDateTime, fields.Date, fields.Time)  # a day or a clock time has no zone
        if isinstance(field, fields.DateTime) and not isinstance(field, plain):
            field = UtcDateTime(
                required=field.required,
                allow_none=field.allow_none,
                validate=field.validators,
                dump_only=field.dump_only,
                metadata=field.metadata,
            )
        if isinstance(field, fields.Decimal):
            field.metadata = {**field.metadata, **DECIMAL}
        return field


def correct(api_spec, route_base: str) -> None:
    responses = api_spec.components.responses
    for code in ("400", "422"):
        _schema(responses.get(code, {}))["properties"]["message"] = MESSAGE
    # flask-jwt-extended refuses a missing or expired token (401) and a malformed one (422,
    # e.g. "Not enough segments") with {"msg": ...}
    for code in ("401", "422"):
        _schema(responses.get(code, {}))["properties"]["msg"] = {"type": "string"}
    for name in ("get_list_schema", "get_info_schema"):
        _bounded_pages(api_spec.components.schemas.get(name, {}))
    for path, operations in api_spec._paths.items():
        if path.startswith(route_base + "/"):
            for method, operation in operations.items():
                for parameter in operation.get("parameters", []):
                    if parameter.get("in") == "path" and parameter.get("name") == "pk":
                        parameter.setdefault("example", 1)  # the first record, there in a demo
                answers = operation.setdefault("responses", {})
                for status in ("200", "201"):
                    _correct_answer(_schema(answers.get(status, {})))
                if method in ("post", "put", "delete"):
                    for status, description in REFUSED.items():
                        answers.setdefault(status, _refusal(description))


def _bounded_pages(schema) -> None:
    """A page index (of the list, or of a related field's choices in _info) is a whole number
    from 0, as api_body.pages checks (PostgreSQL refuses a negative OFFSET)."""
    if isinstance(schema, dict):
        page = schema.get("properties", {}).get("page")
        if isinstance(page, dict):
            page.update(minimum=0, maximum=INT_MAX)
        for value in schema.values():
            _bounded_pages(value)


def _correct_answer(schema: dict) -> None:
    properties = schema.get("properties", {})
    if properties.get("id", {}).get("type") == "string":  # a created or shown record's id
        properties["id"] = {"type": "integer"}
    if "ids" in properties:  # the list's primary keys are integers, not strings
        properties["ids"]["items"] = {"type": "integer"}
    for key in ("add_columns", "edit_columns"):  # _info lists the form's fields
        if key in properties:
            properties[key] = {"type": "array", "items": {"type": "object"}}


def _refusal(description: str) -> dict:
    message = {"type": "string"}
    errors = {"type": "object", "additionalProperties": {"type": "array", "items": message}}
    schema = {"type": "object", "properties": {"message": message, "errors": errors}}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _schema(response: dict) -> dict:
    """The JSON object schema of a response given inline (a throwaway one for a $ref)."""
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return schema if "properties" in schema else {"properties": {}}
