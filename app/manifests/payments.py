from app.core.manifest import N_, Addition, Manifest, Menu

MANIFEST = Manifest(
    name="payments",
    summary="Fees and cash on delivery paid by UPI QR code, confirmed by the provider's callback.",
    depends=("org", "grievance"),
    models=("app.models.payments",),
    menus=(
        Menu(N_("Payments"), N_("Payments"), "app.views.payments.screens:PaymentView", "fa-inr"),
        Menu(
            N_("Bill runs"), N_("Payments"), "app.views.payments.screens:BillRunView", "fa-files-o"
        ),
    ),
    views=("app.views.payments.api:PaymentApi",),
    blueprints=("app.views.payments.pay:bp",),
    access="payments.csv",
    jobs=(
        "app.services.payments.jobs:run_bills",
        "app.services.payments.jobs:resume_bill_runs",
        "app.services.payments.jobs:expire_payments",
    ),
    periodic=(
        ("app.services.payments.jobs:resume_bill_runs", 60),
        ("app.services.payments.jobs:expire_payments", 60),
    ),
    rules="app.security.rules.payments:RULES",
    check="app.services.payments.upi:check_settings",
    points=(
        "on_paid",  # run when a payment of a purpose is paid (key: the purpose)
        "linked_page",  # (endpoint, model) of what a payment is for (key: its link kind)
    ),
    adds=(
        Addition("grievance.ticket_panel", "app.views.payments.panels:TICKET_PAYMENTS", "payments"),
        Addition("grievance.track_panel", "app.views.payments.panels:OWED", "owed"),
        Addition(
            "grievance.event_text",
            "app.views.payments.timeline:payment_requested",
            "payment_requested",
        ),
        Addition("portal.tile", "app.views.payments.pay:PORTAL_TILE", "pay"),
    ),
)
