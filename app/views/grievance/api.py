"""REST resources `ticket` and `citizen`: create through the desk's service, move with
`POST /api/v1/ticket/<id>/transition {"to", "note"}`, correct or transfer with
`.../correct {"category"?, "ward"?, "priority"?, "description"?, "org_unit"?, "reason"}`,
appeal with `.../appeal {"reason"}`; scoped exactly like the admin UI."""

from flask import request
from flask_appbuilder.api import expose, protect, safe
from flask_appbuilder.models.sqla.interface import SQLAInterface
from marshmallow import fields

from app.extensions import db
from app.models.grievance.citizen import Citizen
from app.models.grievance.ticket import DESCRIPTION_MAX, Channel, Priority, Ticket, TicketState
from app.security.scope import acting_user
from app.services.grievance import appeals, citizens, corrections, photos, tickets
from app.views.base.api_body import Answer, Body, Choice, Coordinate, Flag, Language, Text, Whole
from app.views.base.model_views import API_VERBS, ScopedApi, documented

TICKET_FIELDS = [
    "id",
    "tracking_no",
    "kind",
    "state",
    "channel",
    "priority",
    "category.id",
    "category.code",
    "department.id",
    "department.code",
    "ward.id",
    "ward.number",
    "org_unit.id",
    "org_unit.name",
    "level",
    "paused",
    "appeal_of.id",
    "appeal_of.tracking_no",
    "assignee.id",
    "citizen.id",
    "address",
    "latitude",
    "longitude",
    "description",
    "created_at",
    "first_response_due",
    "primary_action_due",
    "resolution_due",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "paused",
    "paused_at",
]


class NewTicket(Body):
    """A ticket as the desk registers it: a category, what is wrong and a way to reach the
    citizen (at least one contact)."""

    category = Whole(required=True)
    description = Text(DESCRIPTION_MAX, required=True)
    phone = Text(20, allow_none=True)
    email = Text(254, allow_none=True)
    whatsapp_id = Text(64, allow_none=True)
    telegram_chat_id = Text(64, allow_none=True)
    messenger_id = Text(64, allow_none=True)
    x_handle = Text(64, allow_none=True)
    name = Text(120, allow_none=True)
    language = Language(allow_none=True)
    ward = Whole(allow_none=True)
    address = Text(300, allow_none=True)
    latitude = Coordinate(90, allow_none=True)
    longitude = Coordinate(180, allow_none=True)
    priority = Choice(Priority, allow_none=True)
    channel = Choice(Channel, allow_none=True)


class Transition(Body):
    """Move a ticket: `reason` when rejecting (with `category` for "wrong_department"),
    `duplicate_of` (a tracking number) when marking a duplicate. The `note` is internal unless
    `public` is true; without `public`, a note given alone with "rejected" or
    "closed_unresolved" is the reason the citizen is told, so it is public."""

    to = Choice(TicketState, required=True)
    note = Text(2000, allow_none=True)
    public = Flag(allow_none=True)
    reason = Text(300, allow_none=True)
    duplicate_of = Text(32, allow_none=True)
    category = Whole(allow_none=True)


class Correction(Body):
    """Correct or transfer a ticket: any of `category`, `ward`, `priority`, `description` and
    `org_unit` (the office; left out, it follows the ward), with the `reason` (kept with the
    staff). A new department, office, ward or category is told to the citizen."""

    category = Whole(allow_none=True)
    ward = Whole(allow_none=True)
    priority = Choice(Priority, allow_none=True)
    description = Text(DESCRIPTION_MAX, allow_none=True)
    org_unit = Whole(allow_none=True)
    reason = Text(300, required=True)


class Appeal(Body):
    """The citizen's grounds for appealing against how the ticket ended."""

    reason = Text(DESCRIPTION_MAX, required=True)


class TicketAnswer(Answer):
    id = fields.Integer(required=True)
    tracking_no = fields.String(required=True)
    state = fields.String(required=True, metadata={"enum": [s.value for s in TicketState]})


class CorrectedAnswer(TicketAnswer):
    department = fields.String(required=True)
    org_unit = fields.Integer(required=True, allow_none=True)
    level = fields.Integer(required=True)


class AppealAnswer(TicketAnswer):
    appeal_of = fields.String(required=True)


class AddedPhotos(Answer):
    photos = fields.List(fields.Integer(), required=True)


class TicketApi(ScopedApi):
    resource_name = "ticket"
    datamodel = SQLAInterface(Ticket, db.session)
    list_columns = show_columns = TICKET_FIELDS
    add_columns = [
        "category",
        "description",
        "ward",
        "address",
        "latitude",
        "longitude",
        "priority",
    ]
    edit_columns = []
    method_permission_name = {
        **API_VERBS,
        "create_ticket": "create",
        "transition": "edit",
        "correct": "edit",
        "appeal": "edit",
        "add_photos": "edit",
    }
    include_route_methods = {
        "get",
        "get_list",
        "info",
        "create_ticket",
        "transition",
        "correct",
        "appeal",
        "add_photos",
    }

    @expose("/", methods=["POST"])
    @protect()
    @safe
    @documented("Register a ticket", TicketAnswer, 201, body=NewTicket, refusals=(400,))
    def create_ticket(self):
        """Register a ticket; the answer carries its tracking_no."""
        return self._answer_errors(lambda: self._create(self.body(NewTicket)))

    @expose("/<int:pk>/transition", methods=["POST"])
    @protect()
    @safe
    @documented("Move a ticket", TicketAnswer, body=Transition, refusals=(400, 404, 409))
    def transition(self, pk):
        ticket = self.datamodel.get(pk, self._base_filters)
        if ticket is None:
            return self.response_404()
        return self._answer_errors(lambda: self._transition(ticket, self.body(Transition)))

    @expose("/<int:pk>/correct", methods=["POST"])
    @protect()
    @safe
    @documented(
        "Correct or transfer a ticket", CorrectedAnswer, body=Correction, refusals=(400, 404, 409)
    )
    def correct(self, pk):
        ticket = self.datamodel.get(pk, self._base_filters)
        if ticket is None:
            return self.response_404()
        return self._answer_errors(lambda: self._correct(ticket, self.body(Correction)))

    @expose("/<int:pk>/appeal", methods=["POST"])
    @protect()
    @safe
    @documented("Appeal against a ticket", AppealAnswer, 201, body=Appeal, refusals=(400, 404, 409))
    def appeal(self, pk):
        """Open the citizen's appeal; the answer carries the appeal's own tracking_no."""
        ticket = self.datamodel.get(pk, self._base_filters)
        if ticket is None:
            return self.response_404()
        return self._answer_errors(lambda: self._appeal(ticket, self.body(Appeal)))

    @expose("/<int:pk>/photos", methods=["POST"])
    @protect()
    @safe
    @documented(
        "Attach photos",
        AddedPhotos,
        201,
        refusals=(400, 404, 413),
        form={"photo": {"type": "array", "items": {"type": "string", "format": "binary"}}},
    )
    def add_photos(self, pk):
        """Attach photos (multipart field "photo", repeatable) to a ticket."""
        ticket = self.datamodel.get(pk, self._base_filters)
        if ticket is None:
            return self.response_404()
        uploads = [(f.filename, f.read()) for f in request.files.getlist("photo")]
        return self._answer_errors(self._attach, ticket, uploads)

    def _attach(self, ticket, uploads):
        added = photos.attach(ticket, uploads, acting_user())
        db.session.commit()
        return self.response(201, photos=[p.id for p in added])

    def _create(self, body):
        ticket = tickets.create_ticket(
            category_id=body.get("category"),
            description=body.get("description", ""),
            contact={key: body.get(key) for key in citizens.CONTACTS},
            channel=body.get("channel") or Channel.api,
            ward_id=body.get("ward"),
            name=body.get("name"),
            language=body.get("language"),
            address=body.get("address"),
            latitude=body.get("latitude"),
            longitude=body.get("longitude"),
            priority=body.get("priority") or "normal",
            actor=acting_user(),
        )
        return self.response(
            201, id=ticket.id, tracking_no=ticket.tracking_no, state=ticket.state.value
        )

    def _transition(self, ticket, body):
        tickets.transition(
            ticket,
            body.get("to", ""),
            note=body.get("note"),
            actor=acting_user(),
            reason=body.get("reason"),
            duplicate_of=body.get("duplicate_of"),
            category_id=body.get("category"),
            public=body.get("public"),
        )
        return self.response(
            200, id=ticket.id, tracking_no=ticket.tracking_no, state=ticket.state.value
        )

    def _correct(self, ticket, body):
        corrections.correct(
            ticket,
            acting_user(),
            body.get("reason", ""),
            category_id=body.get("category"),
            ward_id=body.get("ward"),
            priority=body.get("priority"),
            description=body.get("description"),
            org_unit_id=body.get("org_unit"),
        )
        return self.response(
            200,
            id=ticket.id,
            tracking_no=ticket.tracking_no,
            state=ticket.state.value,
            department=ticket.department.code,
            org_unit=ticket.org_unit_id,
            level=ticket.level,
        )

    def _appeal(self, ticket, body):
        opened = appeals.open_appeal(ticket, body.get("reason", ""), acting_user())
        return self.response(
            201,
            id=opened.id,
            tracking_no=opened.tracking_no,
            state=opened.state.value,
            appeal_of=ticket.tracking_no,
        )


class CitizenApi(ScopedApi):
    resource_name = "citizen"
    datamodel = SQLAInterface(Citizen, db.session)
    list_columns = show_columns = [
        "id",
        "name",
        *citizens.CONTACTS,
        "language",
        "ward.id",
        "created_at",
    ]
    add_columns = edit_columns = ["name", "phone", "email", "language", "ward"]
    prepare = staticmethod(citizens.prepare)
