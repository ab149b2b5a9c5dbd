from app.core.manifest import N_, Addition, Manifest, Menu

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
            N_("Tickets"), N_("Grievances"), "app.views.grievance.tickets:TicketView", "fa-ticket"
        ),
        Menu(
            N_("My tickets"),
            N_("Grievances"),
            "app.views.grievance.my_tickets:MyTicketView",
            "fa-user",
        ),
        Menu(
            N_("Escalations"),
            N_("Grievances"),
            "app.views.grievance.escalations:EscalationView",
            "fa-exclamation-triangle",
        ),
        Menu(
            N_("My explanations"),
            N_("Grievances"),
            "app.views.grievance.explanations:ExplanationView",
            "fa-question-circle",
        ),
        Menu(
            N_("Citizens"), N_("Grievances"), "app.views.grievance.citizens:CitizenView", "fa-users"
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
        "app.services.grievance.jobs:send_messages",
        "app.services.grievance.jobs:relay_outbox",
        "app.services.grievance.jobs:sweep_sla",
        "app.services.grievance.jobs:prune_ticket_changes",
        "app.services.grievance.jobs:mark_missed_explanations",
    ),
    periodic=(
        ("app.services.grievance.jobs:relay_outbox", 30),
        ("app.services.grievance.jobs:sweep_sla", 20),
        ("app.services.grievance.jobs:prune_ticket_changes", 600),
        ("app.services.grievance.jobs:mark_missed_explanations", 60),
    ),
    commands=(
        "app.views.grievance.commands:outbox_command",
        "app.views.grievance.commands:sla_command",
        "app.views.grievance.commands:bench_command",
    ),
    rules="app.security.rules.grievance:RULES",
    demo="app.services.grievance.demo:load",
    adds=(
        Addition(
            "grievance.ticket_panel",
            "app.views.grievance.explanations:EXPLANATIONS",
            "explanations",
        ),
    ),
    points=(
        "sender",  # a channel's provider API for the outbox (outbox_sending.Sender, key: channel)
        "late_filler",  # a message body made as it leaves (key: event-key prefix)
        "ticket_panel",  # a panel on the staff's ticket page (panels.TicketPanel)
        "track_panel",  # a panel on the public tracking page (panels.TicketPanel)
        "event_text",  # the timeline line of an event another module writes (key: its kind)
    ),
)
