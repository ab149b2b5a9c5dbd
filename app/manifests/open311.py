from app.modules import Manifest

MANIFEST = Manifest(
    name="open311",
    summary="Open311 GeoReport v2: services, requests and API keys at /open311/v2/.",
    depends=("grievance",),
    models=("app.models.open311",),
)
