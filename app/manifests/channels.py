from app.modules import Manifest

MANIFEST = Manifest(
    name="channels",
    summary="Chat channels: a WhatsApp chatbot registers and tracks complaints in 4 languages.",
    depends=("grievance",),
    models=("app.models.conversation",),
    blueprints=("app.views.webhooks:bp",),
    jobs=("workers.jobs:handle_inbound", "workers.jobs:relay_inbound"),
    periodic=(("workers.jobs:relay_inbound", 30),),
)
