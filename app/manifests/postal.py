from app.modules import N_, Manifest, Menu

MANIFEST = Manifest(
    name="postal",
    summary="Post office: counter booking, S10 numbers, OTP hand-over, the postman's page.",
    depends=("org", "payments"),
    models=("app.models.postal",),
    menus=(
        Menu(N_("Articles"), N_("Post office"), "app.views.postal:ArticleView", "fa-envelope-o"),
        Menu(N_("Tariff"), N_("Post office"), "app.views.postal:TariffView", "fa-inr"),
    ),
    views=("app.views.postal_api:ArticleApi", "app.views.postman:PostmanView"),
    blueprints=("app.views.postal_track:bp",),
    access="postal.csv",
    rules="app.security.rules.postal:RULES",
)
