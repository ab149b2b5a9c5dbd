"""Row rules of payments: the counter, supervisors and auditors see every payment request."""

from app.security.rules import ALL

RULES = {"Payment": {"Supervisor": ALL, "Auditor": ALL, "Counter": ALL}}
