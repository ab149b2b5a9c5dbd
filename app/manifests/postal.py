from app.modules import N_, Manifest, Menu

MANIFEST = Manifest(
    name="postal",
    summary="Post office: counter booking, S10 numbers, OTP hand-over, the postman's page.",
    depends=("org", "payments"),
    models=("app.models.postal",),
    menus=(
        Menu(
            N_("Articles"),
            N_("Post office"),
            "app.views.postal.screens:ArticleView",
            "fa-envelope-o",
        ),
        Menu(N_("Tariff"), N_("Post office"), "app.views.postal.screens:TariffView", "fa-inr"),
    ),
    views=("app.views.postal.api:ArticleApi", "app.views.postal.postman:PostmanView"),
    blueprints=("app.views.postal.track:bp",),
    access="postal.csv",
    rules="app.security.rules.postal:RULES",
)
