from app.modules import N_, Manifest, Menu

MANIFEST = Manifest(
    name="payments",
    summary="Fees and cash on delivery paid by UPI QR code, confirmed by the provider's callback.",
    depends=("base",),
    models=("app.models.payment",),
    menus=(Menu(N_("Payments"), N_("Payments"), "app.views.payments:PaymentView", "fa-inr"),),
    views=("app.views.payments_api:PaymentApi",),
    blueprints=("app.views.pay:bp",),
    access="payments.csv",
    rules="app.security.rules.payments:RULES",
)
