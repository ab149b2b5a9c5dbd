"""The grievance desk's ticket screen: the list with its SLA filters, a ticket's page (its
timeline, deadlines, photos and panels), registering a walk-in complaint, and working a
ticket (transition, assignment, notes)."""

from flask import Response, abort, flash, redirect, request, url_for
from flask_appbuilder import expose
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_

from app.core.bidi import html_message
from app.core.clock import utc_now
from app.core.dates import local_datetime
from app.extensions import db
from app.models.grievance.ticket import Ticket, TicketPhoto
from app.models.org import Category, Officer, Ward
from app.security.scope import acting_user, restrict
from app.services.grievance import appeals, outbox, sla, ticket_states, tickets
from app.views.base.flashes import flashed_errors
from app.views.base.model_views import ScopedModelView
from app.views.grievance import correcting, history, panels
from app.views.grievance.forms import NOTE_VISIBILITY, RegisterComplaintForm
from app.views.grievance.texts import channel_label, priority_label
from app.views.org.kinds import kind_label

TICKET_LABELS = {
    "tracking_no": _l("Tracking number"),
    "category": _l("Category"),
    "ward": _l("Ward"),
    "department": _l("Department"),
    "citizen": _l("Citizen"),
    "assignee": _l("Assigned to"),
    "state": _l("State"),
    "channel": _l("Channel"),
    "priority": _l("Priority"),
    "kind": _l("Kind"),
    "address": _l("Address"),
    "description": _l("Description"),
    "created_at": _l("Received"),
    "resolution_due": _l("Resolution due"),
    "first_response_due": _l("First response due"),
    "paused_at": _l("SLA clock"),
    "latitude": _l("Latitude"),
    "longitude": _l("Longitude"),
}


class SlaBreached(BaseFilter):
    name = _l("SLA breached (any target)")
    arg_name = "sla_breached"

    def apply(self, query, value):
        return query.filter(or_(*[column.isnot(None) for column in _breach_columns()]))


class SlaOnTrack(BaseFilter):
    name = _l("SLA on track (open, nothing breached)")
    arg_name = "sla_on_track"

    def apply(self, query, value):
        open_ = Ticket.state.in_(ticket_states.open_states())
        return query.filter(open_, *[column.is_(None) for column in _breach_columns()])


def paused_label(paused_at) -> str:
    """A stopped SLA clock in the list and on the page (a running one says nothing)."""
    if paused_at is None:
        return ""
    return html_message(_("Paused since %(time)s"), time=local_datetime(paused_at))


def _breach_columns() -> list:
    return [getattr(Ticket, f"{target}_breached_at") for target in sla.TARGETS]


class TicketView(ScopedModelView):
    datamodel = SQLAInterface(Ticket, db.session)
    list_title = _l("Tickets")
    show_title = _l("Ticket")
    list_columns = [
        "tracking_no",
        "category",
        "ward",
        "state",
        "assignee",
        "created_at",
        "resolution_due",
        "paused_at",
    ]
    show_columns = [
        "tracking_no",
        "kind",
        "category",
        "department",
        "ward",
        "state",
        "assignee",
        "citizen",
        "channel",
        "priority",
        "address",
        "description",
        "created_at",
        "first_response_due",
        "resolution_due",
        "paused_at",
    ]
    search_columns = [
        "tracking_no",
        "state",
        "category",
        "ward",
        "channel",
        "priority",
        "created_at",
        "resolution_due",
    ]
    extra_search_filters = {"resolution_due": [SlaBreached, SlaOnTrack]}
    order_columns = ["tracking_no", "state", "created_at", "resolution_due"]
    base_order = ("created_at", "desc")
    label_columns = TICKET_LABELS
    formatters_columns = {
        "state": ticket_states.label,
        "kind": kind_label,
        "channel": channel_label,
        "priority": priority_label,
        "address": lambda value: value or "",
        "paused_at": paused_label,
    }
    show_template = "grievance/show.html"
    method_permission_name = {
        **ScopedModelView.method_permission_name,
        "register": "create",
        "photo": "read",
        "work": "edit",
        "correct": "edit",
        "appeal": "edit",
    }

    # Tickets are created and changed only through the desk's services: no generic edit form
    # (nor its icon); the ticket page corrects and transfers (see `correct`).
    exclude_route_methods = {"edit"}

    @expose("/add", methods=["GET", "POST"])
    @has_access
    def add(self):
        return redirect(url_for(".register"))

    @expose("/register", methods=["GET", "POST"])
    @has_access
    def register(self):
        form = RegisterComplaintForm()
        categories = db.session.query(Category).filter_by(active=True).order_by(Category.code)
        # no category is preselected: the clerk chooses one (an unchosen "—" is refused)
        form.category.choices = [(0, "—")] + [(c.id, c.label()) for c in categories]
        form.ward.choices = [(0, "—")] + [
            (w.id, w.label()) for w in db.session.query(Ward).order_by(Ward.number)
        ]
        if form.validate_on_submit():
            with flashed_errors():
                ticket = tickets.create_ticket(
                    category_id=form.category.data,
                    description=form.description.data,
                    contact={"phone": form.phone.data, "email": form.email.data},
                    channel=form.channel.data,
                    ward_id=form.ward.data or None,
                    name=form.name.data,
                    language=form.language.data,
                    address=form.address.data,
                    photos=[(f.filename, f.read()) for f in form.photos.data or [] if f],
                    actor=acting_user(),
                )
                flash(
                    html_message(
                        _("Complaint registered. Tracking number: %(tracking_no)s"),
                        tracking_no=ticket.tracking_no,
                    ),
                    "success",
                )
                return redirect(url_for(".register"))
        return self.render_template(
            "base/form.html",
            form=form,
            title=_("Register a complaint"),
            submit=_("Register complaint"),
        )

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        ticket = self.row_or_404(pk)
        now = utc_now()
        return self.show_page(
            pk,
            ticket,
            ticket=ticket,
            events=ticket.events,
            history=history.history(ticket.citizen_id),
            targets=[
                (sla.TARGET_LABELS[t], sla.STATUS_LABELS[sla.status(ticket, t, now)])
                for t in sla.TARGETS
            ],
            next_states=sorted(
                ticket_states.ALLOWED[ticket.state], key=list(ticket_states.LABELS).index
            ),
            officers=self._officers(ticket),
            state_label=ticket_states.label,
            can_work=self.appbuilder.sm.has_access("can_edit", "Ticket"),
            reply_channel=outbox.reply_route(ticket)[0],
            channel_label=channel_label,
            panels=panels.for_ticket(ticket),
            **correcting.page_context(ticket),
        )

    @expose("/photo/<int:photo_id>/<any(thumbnail, full):size>")
    @has_access
    def photo(self, photo_id, size):
        """A ticket's photo, to those who may see the ticket."""
        photo = db.session.get(TicketPhoto, photo_id) or abort(404)
        self.row_or_404(photo.ticket_id)
        data = photo.thumbnail if size == "thumbnail" else photo.data
        mimetype = "image/jpeg" if size == "thumbnail" else photo.content_type
        return Response(
            data, mimetype=mimetype, headers={"Cache-Control": "private, max-age=86400"}
        )

    @expose("/work/<pk>", methods=["POST"])
    @has_access
    def work(self, pk):
        """Transition, assignment and notes from the ticket page."""
        ticket = self.row_or_404(pk)
        form, actor = request.form, acting_user()
        with flashed_errors():
            if form.get("assign"):
                officer = db.session.get(Officer, int(form["assign"]))
                if officer is None or officer not in self._officers(ticket):
                    abort(404)
                tickets.assign(ticket, officer, actor)
            elif form.get("to"):
                tickets.transition(
                    ticket,
                    form["to"],
                    note=form.get("note"),
                    actor=actor,
                    reason=form.get("reason"),
                    duplicate_of=form.get("duplicate_of"),
                    public=NOTE_VISIBILITY.get(form.get("note_visibility", "")),
                )
            else:
                tickets.add_note(ticket, form.get("note", ""), form.get("public") == "y", actor)
            flash(_("Saved."), "success")
        return redirect(url_for(".show", pk=pk))

    @expose("/correct/<pk>", methods=["POST"])
    @has_access
    def correct(self, pk):
        """Correct or transfer the ticket (the ticket page's form)."""
        ticket = self.row_or_404(pk)
        with flashed_errors():
            correcting.correct(ticket, request.form, acting_user())
            if self.datamodel.get(pk, self._base_filters) is None:  # sent beyond the user's desk
                flash(correcting.transferred_away(ticket), "success")
                return redirect(url_for(".list"))
            flash(_("Corrected."), "success")
        return redirect(url_for(".show", pk=pk))

    @expose("/appeal/<pk>", methods=["POST"])
    @has_access
    def appeal(self, pk):
        """An appeal the citizen makes at the counter."""
        ticket = self.row_or_404(pk)
        with flashed_errors():
            opened = appeals.open_appeal(ticket, request.form.get("reason", ""), acting_user())
            flash(
                html_message(
                    _("Appeal registered. Tracking number: %(tracking_no)s"),
                    tracking_no=opened.tracking_no,
                ),
                "success",
            )
        return redirect(url_for(".show", pk=pk))

    def _officers(self, ticket) -> list[Officer]:
        query = db.session.query(Officer).filter(Officer.department_id == ticket.department_id)
        return restrict(query, Officer).all()


class TicketSubset(TicketView):
    """A ticket list of its own (escalations, my tickets); a row opens the ticket's page."""

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        return redirect(url_for("TicketView.show", pk=pk))
