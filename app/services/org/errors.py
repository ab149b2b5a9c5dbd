"""Errors a user can cause in the organisation: a status and a message in their language."""

from flask_babel import lazy_gettext as _l

from app.core.errors import JanSevaError


class InvalidGeoJSON(JanSevaError):
    message = _l("The ward boundary must be a GeoJSON Polygon or MultiPolygon.")


class OfficerNotInDepartment(JanSevaError):
    message = _l("%(officer)s does not work for %(department)s.")


class UnknownWard(JanSevaError):
    message = _l("There is no ward with the id %(value)s.")
