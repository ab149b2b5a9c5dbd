from app.modules import N_, Manifest, Menu

MANIFEST = Manifest(
    name="grievance",
    summary="The grievance desk: citizens, tickets, routing, SLA deadlines and the timeline.",
    depends=("org",),
    models=("app.models.citizen", "app.models.ticket"),
    menus=(
        Menu(N_("Tickets"), N_("Grievances"), "app.views.tickets:TicketView", "fa-ticket"),
        Menu(N_("Citizens"), N_("Grievances"), "app.views.tickets:CitizenView", "fa-users"),
    ),
    views=(
        "app.views.tickets_api:TicketApi",
        "app.views.tickets_api:CitizenApi",
    ),
    blueprints=("app.views.ticket_texts:bp",),
    access="grievance.csv",
    rules="app.security.rules.grievance:RULES",
)
