from app.modules import Manifest

MANIFEST = Manifest(
    name="open311",
    summary="Open311 GeoReport v2 at /open311/v2/: services, requests and the clients' API keys.",
    depends=("grievance",),
    models=("app.models.open311",),
    blueprints=("app.views.open311:bp",),
)
