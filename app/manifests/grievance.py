from app.modules import N_, Manifest, Menu

MANIFEST = Manifest(
    name="grievance",
    summary="The grievance desk: citizens, tickets, routing, SLA deadlines and the timeline.",
    depends=("org",),
    models=("app.models.citizen", "app.models.ticket", "app.models.messaging"),
    menus=(
        Menu(N_("Tickets"), N_("Grievances"), "app.views.tickets:TicketView", "fa-ticket"),
        Menu(N_("My tickets"), N_("Grievances"), "app.views.tickets:MyTicketView", "fa-user"),
        Menu(
            N_("Escalations"),
            N_("Grievances"),
            "app.views.tickets:EscalationView",
            "fa-exclamation-triangle",
        ),
        Menu(N_("Citizens"), N_("Grievances"), "app.views.tickets:CitizenView", "fa-users"),
        Menu(
            N_("Messages to citizens"),
            N_("Grievances"),
            "app.views.outbox:OutboxView",
            "fa-envelope",
        ),
    ),
    views=(
        "app.views.tickets_api:TicketApi",
        "app.views.tickets_api:CitizenApi",
        "app.views.outbox:OutboxApi",
    ),
    blueprints=("app.views.ticket_texts:bp", "app.views.track:bp", "app.views.feedback:bp"),
    access="grievance.csv",
    jobs=(
        "workers.jobs:send_messages",
        "workers.jobs:relay_outbox",
        "workers.jobs:sweep_sla",
        "workers.jobs:prune_ticket_changes",
    ),
    periodic=(
        ("workers.jobs:relay_outbox", 30),
        ("workers.jobs:sweep_sla", 20),
        ("workers.jobs:prune_ticket_changes", 600),
    ),
    commands=(
        "app.commands:outbox_command",
        "app.commands:sla_command",
        "app.commands:bench_command",
    ),
    rules="app.security.rules.grievance:RULES",
)
