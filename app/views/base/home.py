"""The start page: the citizens' start page a module adds (the portal), the desk summary for
staff."""

from flask_appbuilder import IndexView, expose
from flask_login import current_user

from app import modules
from app.core.clock import utc_now
from app.core.dates import local_date, local_day
from app.security.roles import role_label


class HomeView(IndexView):
    index_template = "base/home.html"

    @expose("/")
    def index(self):
        public = modules.additions("base.start_page")
        if not current_user.is_authenticated and public:
            return next(iter(public.values()))()  # the citizens' start page (the portal's)
        roles = (
            ", ".join(role_label(role) for role in current_user.roles)
            if current_user.is_authenticated
            else ""
        )
        return self.render_template(
            self.index_template, today=local_date(local_day(utc_now())), roles=roles
        )
