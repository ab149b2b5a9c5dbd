from app.modules import Manifest

MANIFEST = Manifest(
    name="channels",
    summary=(
        "Channels: a chatbot on WhatsApp, Telegram, Messenger and SMS registers and tracks "
        "complaints in 4 languages; e-mail and X mentions become tickets."
    ),
    depends=("grievance",),
    models=("app.models.channels",),
    blueprints=("app.views.channels.webhooks:bp",),
    jobs=(
        "workers.jobs:handle_inbound",
        "workers.jobs:relay_inbound",
        "workers.jobs:poll_mail",
        "workers.jobs:poll_x",
    ),
    periodic=(
        ("workers.jobs:relay_inbound", 30),
        ("workers.jobs:poll_mail", 60),
        ("workers.jobs:poll_x", 120),  # X's mentions endpoint allows few calls per 15 minutes
    ),
)
