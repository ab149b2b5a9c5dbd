"""The start page: the public portal for citizens, the desk summary for staff."""

from flask import current_app
from flask_appbuilder import IndexView, expose
from flask_login import current_user

from app.security.roles import role_label
from app.services.clock import utc_now
from app.services.dates import local_date, local_day


class HomeView(IndexView):
    index_template = "home.html"

    @expose("/")
    def index(self):
        if not current_user.is_authenticated and "portal.report" in current_app.view_functions:
            from app.views import portal

            return portal.index()
        roles = (
            ", ".join(role_label(role) for role in current_user.roles)
            if current_user.is_authenticated
            else ""
        )
        return self.render_template(
            self.index_template, today=local_date(local_day(utc_now())), roles=roles
        )
