"""Row rules of payments: the counter, supervisors and auditors see every payment request and
every bill run."""

from app.security.rules import ALL

EVERYONE = {"Supervisor": ALL, "Auditor": ALL, "Counter": ALL}
RULES = {"Payment": EVERYONE, "BillRun": EVERYONE}
