"""Row rules of Open311: only Admin issues and revokes keys and writes service attributes; the
auditor reads them all (a key's list shows its client and dates, never the key)."""

from app.security.rules import ALL

RULES = {
    "Open311Key": {"Auditor": ALL},
    "ServiceAttribute": {"Auditor": ALL},
}
