"""The escalation ladder: who holds a breached ticket at each level, and for how long.

Level 1 is the assignee; level 2 the head of the ticket's unit; level n the head of the unit
n-2 steps up the tree. A unit without a head (or inactive) is skipped: the ticket climbs
straight to the next level that has someone, so a level number always names a place in the
tree. Past the root (or for a ticket without a unit) every active supervisor holds it: the
top of the ladder, from which it climbs no more. One Ladder is loaded per sweep round: a
handful of small queries, whatever the number of tickets.
"""

from datetime import datetime, timedelta

from flask_appbuilder.security.sqla.models import Role
from sqlalchemy import select

from app.extensions import db
from app.models.base import StaffUser
from app.models.org import Category, LadderStep, Officer, OrgUnit
from app.services.grievance import sla
from app.services.org.tree import ancestor_ids

SUPERVISORS = "supervisors"  # the holder past the root


class Ladder:
    def __init__(self, unit_ids: set, category_ids: set):
        self.chains = _chains({u for u in unit_ids if u is not None})
        above = {unit for chain in self.chains.values() for unit in chain}
        self.heads = dict(
            db.session.execute(
                select(OrgUnit.id, OrgUnit.head_id).where(
                    OrgUnit.id.in_(above), OrgUnit.active.is_(True)
                )
            ).all()
            if above
            else []
        )
        self.steps = {
            (step.category_id, step.level): step.minutes
            for step in db.session.execute(
                select(LadderStep.category_id, LadderStep.level, LadderStep.minutes)
            )
        }
        self.clocks = dict(
            db.session.execute(
                select(Category.id, Category.clock).where(Category.id.in_(category_ids))
            ).all()
            if category_ids
            else []
        )
        self._due = {}

    def top(self, unit_id: int | None) -> int:
        """The supervisors' level: one past the root."""
        return 2 + len(self.chains.get(unit_id, ()))

    def holder(self, unit_id: int | None, level: int):
        """The login id holding `level` (SUPERVISORS at the top; None: a unit without head)."""
        chain = self.chains.get(unit_id, ())
        if level >= 2 + len(chain):
            return SUPERVISORS
        return self.heads.get(chain[level - 2])

    def climb(self, unit_id: int | None, level: int, held_by) -> tuple[int, object] | None:
        """The next level above `level` with someone other than `held_by` to hold it, and who;
        None at the top."""
        top = self.top(unit_id)
        for next_level in range(max(level, 1) + 1, top + 1):
            holder = self.holder(unit_id, next_level)
            if holder is not None and holder != held_by:
                return next_level, holder
        return None

    def minutes(self, category_id: int, level: int) -> int | None:
        """How long `level` holds the ticket: the category's step, else the default ladder's,
        else None (the breached target's own length)."""
        found = self.steps.get((category_id, level))
        return found if found is not None else self.steps.get((None, level))

    def next_climb(self, row, level: int, now: datetime, target_length: timedelta) -> datetime:
        """When the ticket climbs from `level` if its target is still unmet."""
        minutes = self.minutes(row.category_id, level)
        if minutes is None:
            return now + target_length  # no ladder: another interval of the target's length
        clock = self.clocks.get(row.category_id, "round_the_clock")
        key = (row.org_unit_id, clock, minutes)
        if key not in self._due:  # every climb of a round starts now: one computation each
            self._due[key] = sla.due_after(row.org_unit_id, clock, now, minutes)
        return self._due[key]


def _chains(unit_ids: set) -> dict[int, list[int]]:
    """Each unit's ids from itself up to the root."""
    if not unit_ids:
        return {}
    paths = db.session.execute(
        select(OrgUnit.id, OrgUnit.path).where(OrgUnit.id.in_(unit_ids))
    ).all()
    return {unit: list(reversed(ancestor_ids(path))) for unit, path in paths}


def people(holders: set) -> dict:
    """The logins behind holders (ids, and SUPERVISORS: every active supervisor, else admin)."""
    ids = {h for h in holders if h != SUPERVISORS}
    found = {}
    if ids:
        found = {u.id: [u] for u in db.session.query(StaffUser).filter(StaffUser.id.in_(ids))}
    if SUPERVISORS in holders:
        found[SUPERVISORS] = active_with_role("Supervisor") or active_with_role("Admin")
    return found


def active_with_role(role: str) -> list[StaffUser]:
    return (
        db.session.query(StaffUser)
        .join(StaffUser.roles)
        .filter(Role.name == role, StaffUser.active.is_(True))
        .order_by(StaffUser.id)
        .all()
    )


def reach(users: list[StaffUser]) -> dict[int, tuple]:
    """Each login's own channel: SMS in the officer's language when an officer record has a
    mobile, else e-mail in the login's locale. (channel, address, language, who)."""
    if not users:
        return {}
    officers = {
        o.user_id: o
        for o in db.session.query(Officer).filter(Officer.user_id.in_({u.id for u in users}))
    }
    found = {}
    for user in users:
        officer = officers.get(user.id)
        if officer is not None and officer.phone:
            found[user.id] = ("sms", officer.phone, officer.language or "en", f"user-{user.id}")
        else:
            found[user.id] = ("email", user.email, user.locale or "en", f"user-{user.id}")
    return found


def full_name(user) -> str:
    return f"{user.first_name or ''} {user.last_name or ''}".strip() or user.username
