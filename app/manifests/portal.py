from app.core.manifest import Addition, Manifest

MANIFEST = Manifest(
    name="portal",
    summary="The public portal: citizens report with photos and location, track, rate and pay.",
    depends=("org", "grievance"),
    blueprints=("app.views.portal.pages:bp",),
    points=("tile",),  # a template on the start page below "report" and "track"
    adds=(
        Addition("base.start_page", "app.views.portal.pages:index", "portal"),
        Addition("grievance.late_filler", "app.services.portal.reports:code_body", "verify"),
        Addition("grievance.track_panel", "app.views.portal.panels:RATE", "rate"),
    ),
)
