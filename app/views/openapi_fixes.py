"""Where Flask-AppBuilder's generated OpenAPI document says something its endpoints do not do,
corrected in one place: ScopedApi.add_api_spec calls `correct` for each of our resources."""

from app.views.api_body import INT_MAX

# FAB answers a body that fails its schema with {"message": {field: [errors]}}
MESSAGE = {"anyOf": [{"type": "string"}, {"type": "object"}]}


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
            for operation in operations.values():
                for status in ("200", "201"):
                    _correct_answer(_schema(operation.get("responses", {}).get(status, {})))


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
    if properties.get("id") == {"type": "string"}:  # a created or shown record's id
        properties["id"] = {"type": "integer"}
    if "ids" in properties:  # the list's primary keys are integers, not strings
        properties["ids"]["items"] = {"type": "integer"}
    for key in ("add_columns", "edit_columns"):  # _info lists the form's fields
        if key in properties:
            properties[key] = {"type": "array", "items": {"type": "object"}}


def _schema(response: dict) -> dict:
    """The JSON object schema of a response given inline (a throwaway one for a $ref)."""
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return schema if "properties" in schema else {"properties": {}}
