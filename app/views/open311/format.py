"""The two renderings of GeoReport v2 answers, from the same plain dicts and lists.

JSON follows the spec's Spark convention: the root wrapper disappears (a list is a bare array).
XML wraps the value in its root element, no namespace; each list's items get the singular name
the spec gives them.
"""

import json
import re
from xml.etree import ElementTree as ET

from flask import Response

XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
# Characters XML 1.0 cannot carry at all (control characters other than tab and newlines).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(fmt: str, data, root: str, status: int = 200) -> Response:
    """`data` (a dict or a list) as JSON or as XML under `root`."""
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False)
        return Response(body.encode("utf-8"), status=status, content_type=JSON_TYPE)
    body = XML_DECLARATION + ET.tostring(_element(root, data), encoding="unicode")
    return Response(body.encode("utf-8"), status=status, content_type=XML_TYPE)


def _element(tag: str, value) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, dict):
        for name, item in value.items():
            element.append(_element(name, item))
    elif isinstance(value, list):
        for item in value:
            element.append(_element(ITEMS[tag], item))
    elif value is not None:
        element.text = _text(value)
    return element


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML.sub("", str(value))
