"""Errors a user can cause in the dashboard: a status and a message in their language."""

from flask_babel import lazy_gettext as _l

from app.core.errors import JanSevaError


class BadDashboardFilter(JanSevaError):
    message = _l(
        "Please check the filters: dates are written like 2026-11-30, the first comes before "
        "the second and at most ten years apart, and a department or ward is chosen from the list."
    )


class BadDashboardMonth(JanSevaError):
    message = _l("Please choose a month from the list (written like 2026-11).")
