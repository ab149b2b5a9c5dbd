"""One rule for every rate limit (logins, the portal's reports and codes): when the limiter's
storage (Redis) cannot be reached, count in this process's memory with a logged warning, and
go back to the storage once it answers again. A limit never refuses a request, nor loses a
citizen's report, because Redis is down.

Flask-Limiter does this for decorated limits (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED, and
RATELIMIT_SWALLOW_ERRORS for the deduction after a failed login); `count` gives the same to a
limit counted by hand, on the same fallback storage."""

import logging
import time

from flask import current_app
from flask_limiter import Limiter
from limits import parse

log = logging.getLogger(__name__)
RECHECK_AFTER = 5  # seconds between two checks whether a storage taken for dead answers again


class DegradingLimiter(Limiter):
    _dead_since = 0.0

    def count(self, limit: str, *identifiers: str) -> bool:
        """Count one more against `limit` ("5 per day") for these identifiers; False once the
        limit is passed. Redis unreachable: counted in this process's memory instead."""
        item = parse(limit)
        if not self._storage_dead or self._storage_is_back():
            try:
                return self.limiter.hit(item, *identifiers)
            except Exception as error:  # noqa: BLE001 - each storage raises its own errors
                log.warning("rate limit storage unreachable, counting in memory: %s", error)
                self._storage_dead, self._dead_since = True, time.monotonic()
        return self.limiter.hit(item, *identifiers)  # `limiter` is the in-memory one while dead

    def _storage_is_back(self) -> bool:
        if time.monotonic() - self._dead_since < RECHECK_AFTER:
            return False
        self._dead_since = time.monotonic()
        try:
            back = bool(self.storage.check())
        except Exception:  # noqa: BLE001 - still unreachable
            back = False
        if back:
            log.info("rate limit storage answers again")
            self._storage_dead = False
        return back


def within_limit(limit: str, *identifiers: str) -> bool:
    """Count one more against `limit` ("3 per day") for these identifiers (a scope, what is
    counted, an address or a mobile number), on the app's limiter; False once it is passed.
    Always True when the deployment turns rate limits off (RATELIMIT_ENABLED)."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return True
    return current_app.appbuilder.sm.limiter.count(limit, *identifiers)
