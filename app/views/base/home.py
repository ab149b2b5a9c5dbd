"""The start page: the public portal for citizens, the desk summary for staff."""

from flask import current_app
from flask_appbuilder import IndexView, expose
from flask_login import current_user

from app.core.clock import utc_now
from app.core.dates import local_date, local_day
from app.security.roles import role_label


class HomeView(IndexView):
    index_template = "base/home.html"

    @expose("/")
    def index(self):
        if not current_user.is_authenticated and "portal.report" in current_app.view_functions:
            from app.views.portal import pages as portal

            return portal.index()
        roles = (
            ", ".join(role_label(role) for role in current_user.roles)
            if current_user.is_authenticated
            else ""
        )
        return self.render_template(
            self.index_template, today=local_date(local_day(utc_now())), roles=roles
        )
