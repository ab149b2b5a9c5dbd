from app.core.manifest import Addition, Manifest

MANIFEST = Manifest(
    name="channels",
    summary=(
        "Channels: a chatbot on WhatsApp, Telegram, Messenger and SMS registers and tracks "
        "complaints in 4 languages; e-mail and X mentions become tickets."
    ),
    depends=("org", "grievance"),
    models=("app.models.channels",),
    blueprints=("app.views.channels.webhooks:bp",),
    adds=(
        Addition("grievance.sender", "app.services.channels.replies:WHATSAPP", "whatsapp"),
        Addition("grievance.sender", "app.services.channels.replies:TELEGRAM", "telegram"),
        Addition("grievance.sender", "app.services.channels.replies:MESSENGER", "messenger"),
        Addition("grievance.sender", "app.services.channels.replies:X", "x"),
        Addition(
            "grievance.ticket_panel", "app.views.channels.panels:CONVERSATION", "conversation"
        ),
    ),
    jobs=(
        "app.services.channels.jobs:handle_inbound",
        "app.services.channels.jobs:relay_inbound",
        "app.services.channels.jobs:poll_mail",
        "app.services.channels.jobs:poll_x",
    ),
    periodic=(
        ("app.services.channels.jobs:relay_inbound", 30),
        ("app.services.channels.jobs:poll_mail", 60),
        (
            "app.services.channels.jobs:poll_x",
            120,
        ),  # X's mentions endpoint allows few calls per 15 minutes
    ),
)
