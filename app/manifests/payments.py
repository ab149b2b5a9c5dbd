from app.modules import N_, Manifest, Menu

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
        "workers.jobs:run_bills",
        "workers.jobs:resume_bill_runs",
        "workers.jobs:expire_payments",
    ),
    periodic=(("workers.jobs:resume_bill_runs", 60), ("workers.jobs:expire_payments", 60)),
    rules="app.security.rules.payments:RULES",
)
