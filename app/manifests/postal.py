from app.core.manifest import N_, Addition, Manifest, Menu

MANIFEST = Manifest(
    name="postal",
    summary="Post office: counter booking, S10 numbers, OTP hand-over, the postman's page.",
    depends=("org", "grievance", "payments"),
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
    demo="app.services.postal.demo:load",
    adds=(
        Addition("grievance.late_filler", "app.services.postal.articles:otp_body", "otp"),
        Addition("payments.on_paid", "app.services.postal.articles:cod_paid", "cod"),
        Addition("payments.linked_page", "app.views.postal.screens:PAYMENT_LINK", "article"),
    ),
)
