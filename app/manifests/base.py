from app.core.manifest import Manifest

MANIFEST = Manifest(
    name="base",
    summary="Shared base: home page, language switch, staff users, health check, errors.",
    always=True,
    models=("app.models.base",),
    blueprints=("app.views.base.system:bp",),
    access="base.csv",
    rules="app.security.rules.base:RULES",
    commands=("app.views.base.commands:demo_command",),
    points=("start_page",),  # the page an anonymous visitor sees at / (the portal adds one)
)
