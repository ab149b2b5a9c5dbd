"""The start page: the public portal for citizens, the desk summary for staff."""

from flask import current_app
from flask_appbuilder import IndexView, expose
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.services.clock import utc_now
from app.services.dates import local_date, local_day

ROLE_LABELS = {
    "Admin": _l("Administrator"),
    "Supervisor": _l("Supervisor"),
    "Clerk": _l("Clerk"),
    "Officer": _l("Officer"),
    "Counter": _l("Counter clerk"),
    "Postman": _l("Postman"),
    "Auditor": _l("Auditor"),
}


class HomeView(IndexView):
    index_template = "home.html"

    @expose("/")
    def index(self):
        if not current_user.is_authenticated and "portal.report" in current_app.view_functions:
            from app.views import portal

            return portal.index()
        roles = (
            ", ".join(str(ROLE_LABELS.get(r.name, r.name)) for r in current_user.roles)
            if current_user.is_authenticated
            else ""
        )
        return self.render_template(
            self.index_template, today=local_date(local_day(utc_now())), roles=roles
        )
