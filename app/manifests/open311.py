from app.core.manifest import N_, Manifest, Menu

MANIFEST = Manifest(
    name="open311",
    summary="Open311 GeoReport v2 at /open311/v2/: services, requests and the clients' API keys.",
    depends=("org", "grievance"),
    models=("app.models.open311",),
    menus=(
        Menu(N_("API keys"), N_("Open311"), "app.views.open311.admin:Open311KeyView", "fa-key"),
        Menu(
            N_("Service attributes"),
            N_("Open311"),
            "app.views.open311.admin:ServiceAttributeView",
            "fa-list-ul",
        ),
    ),
    blueprints=("app.views.open311.georeport:bp",),
    access="open311.csv",
    rules="app.security.rules.open311:RULES",
    commands=("app.views.open311.commands:open311_command",),
)
