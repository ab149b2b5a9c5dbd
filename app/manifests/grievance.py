from app.modules import N_, Manifest, Menu

MANIFEST = Manifest(
    name="grievance",
    summary="The grievance desk: citizens, tickets, routing, SLA deadlines and the timeline.",
    depends=("org",),
    models=(
        "app.models.grievance.citizen",
        "app.models.grievance.ticket",
        "app.models.grievance.outbox",
    ),
    menus=(
        Menu(
            N_("Tickets"), N_("Grievances"), "app.views.grievance.screens:TicketView", "fa-ticket"
        ),
        Menu(
            N_("My tickets"),
            N_("Grievances"),
            "app.views.grievance.screens:MyTicketView",
            "fa-user",
        ),
        Menu(
            N_("Escalations"),
            N_("Grievances"),
            "app.views.grievance.screens:EscalationView",
            "fa-exclamation-triangle",
        ),
        Menu(
            N_("Citizens"), N_("Grievances"), "app.views.grievance.screens:CitizenView", "fa-users"
        ),
        Menu(
            N_("Messages to citizens"),
            N_("Grievances"),
            "app.views.grievance.outbox:OutboxView",
            "fa-envelope",
        ),
    ),
    views=(
        "app.views.grievance.api:TicketApi",
        "app.views.grievance.api:CitizenApi",
        "app.views.grievance.outbox:OutboxApi",
    ),
    blueprints=(
        "app.views.grievance.texts:bp",
        "app.views.grievance.track:bp",
        "app.views.grievance.feedback:bp",
    ),
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
