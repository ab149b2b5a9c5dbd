"""Errors a user can cause in the organisation: a status and a message in their language."""

from flask_babel import lazy_gettext as _l

from app.core.errors import JanSevaError


class InvalidGeoJSON(JanSevaError):
    message = _l("The ward boundary must be a GeoJSON Polygon or MultiPolygon.")


class OfficerNotInDepartment(JanSevaError):
    message = _l("%(officer)s does not work for %(department)s.")


class UnknownWard(JanSevaError):
    message = _l("There is no ward with the id %(value)s.")


class UnitCycle(JanSevaError):
    message = _l("%(unit)s cannot be placed under %(parent)s: a unit cannot sit under itself.")


class UnknownUnit(JanSevaError):
    message = _l("There is no organisation unit with the id %(value)s.")


class HolidayTaken(JanSevaError):
    status = 409
    message = _l("%(unit)s already has a holiday on %(day)s.")


class BadCalendar(JanSevaError):
    message = _l("The calendar's %(field)s cannot be “%(value)s”.")


class BadTargets(JanSevaError):
    message = _l(
        "Targets are minutes above zero: first response, then primary action, then resolution, "
        "each no sooner than the one before."
    )


class BadLadderStep(JanSevaError):
    message = _l(
        "A ladder step is level 2 or higher (level 1 is the assignee) and lasts at least a minute."
    )


class BadDay(JanSevaError):
    message = _l("“%(value)s” is not a day: please write it as YYYY-MM-DD, for example 2026-11-09.")
