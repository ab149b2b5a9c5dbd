from app.modules import Manifest

MANIFEST = Manifest(
    name="portal",
    summary="The public portal: citizens report with photos and location, track, rate and pay.",
    depends=("grievance",),
    blueprints=("app.views.portal.pages:bp",),
)
