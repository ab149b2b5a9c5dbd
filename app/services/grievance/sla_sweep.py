"""The SLA sweep (every 20 s): warn the assignee before a target is missed, record each breach
on the ticket's timeline, and climb the escalation ladder (app.services.grievance.ladder): a
breach moves the ticket from its assignee (level 1) to the head of its unit (level 2), and on
up the tree while the target stays unmet, each level holding it for its LadderStep's time;
past the root every supervisor holds it. A breach that escalates is one timeline event,
`escalated`, carrying the missed target and its `due` time, the new level and holder, and who
held it before and for how long; a breach of a ticket already escalated is an `sla_breach`.

Every open ticket has a timer per unmet target (SlaTimer): the sweep takes the timers that
are due, decides in Python, and writes in a few set-based statements. Of the ticket columns
it sets only escalation is indexed, so marking warnings and breaches stays on the row's page
(HOT). Each person hears once per round, on their own channel (SMS to an officer with a
mobile, else e-mail): one message lists all their tickets. Timers another sweep holds are
skipped (FOR UPDATE SKIP LOCKED), so several workers may sweep at once and each step still
happens once.
"""

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from flask import current_app
from sqlalchemy import delete, func, select, update

from app.core import bulk
from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.ticket import SlaTimer, Ticket
from app.models.org import Officer
from app.services.grievance import ladder, outbox, sla, sla_alerts, ticket_states, timeline

BATCH = 4000  # due timers per round
MAX_ROUNDS = 24  # a backlog (after an outage) clears in one sweep, a round per transaction
SWEEPERS = 2  # rounds side by side when more than one is due; SKIP LOCKED keeps them apart


def sweep(now: datetime | None = None) -> dict:
    """Rounds until no timer is due (at most MAX_ROUNDS), each committing on its own. A
    backlog of more than one round is shared by SWEEPERS side by side on PostgreSQL."""
    now = now or utc_now()
    due = db.session.scalar(select(func.count()).where(SlaTimer.fires_at <= now))
    if due <= BATCH or db.engine.dialect.name != "postgresql":
        return _rounds(now, MAX_ROUNDS)
    app = current_app._get_current_object()

    def sweeper(_):
        with app.app_context():
            return _rounds(now, MAX_ROUNDS // SWEEPERS)

    with ThreadPoolExecutor(SWEEPERS) as pool:
        results = list(pool.map(sweeper, range(SWEEPERS)))
    db.session.expire_all()  # the caller sees what the sweepers wrote
    return {key: sum(done[key] for done in results) for key in results[0]}


def _rounds(now: datetime, limit: int) -> dict:
    total = {}
    for _round in range(limit):
        done = sweep_round(now)
        total = {key: total.get(key, 0) + count for key, count in done.items()}
        if done["timers"] < BATCH:
            break
    return total


def sweep_round(now: datetime | None = None) -> dict:
    now = now or utc_now()
    timers = db.session.execute(
        select(SlaTimer.ticket_id, SlaTimer.target, SlaTimer.step)
        .where(SlaTimer.fires_at <= now)
        .order_by(SlaTimer.fires_at)
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    round_ = Round(now, _tickets({t.ticket_id for t in timers}))
    for timer in timers:
        round_.fire(timer)
    messages = round_.write()  # the ids of the alerts to send
    db.session.commit()
    outbox.dispatch_ids(messages)
    return {**round_.done, "timers": len(timers)}


def _tickets(ids: set) -> dict:
    if not ids:
        return {}
    columns = [getattr(Ticket, c) for target in sla.TARGETS.values() for c in target]
    rows = db.session.execute(
        select(
            Ticket.id,
            Ticket.tracking_no,
            Ticket.state,
            Ticket.department_id,
            Ticket.category_id,
            Ticket.ward_id,
            Ticket.org_unit_id,
            Ticket.assignee_id,
            Ticket.created_at,
            Ticket.assigned_at,
            Ticket.level,
            Ticket.escalated_at,
            *columns,
        ).where(bulk.among(Ticket.id, ids))
    )
    return {row.id: row for row in rows}


class Round:
    """One sweep round: decide what each due timer does, then write it all in a few
    set-based statements."""

    def __init__(self, now: datetime, tickets: dict):
        self.now, self.tickets = now, tickets
        self.done = {"warnings": 0, "breaches": 0, "escalations": 0}
        self.events = defaultdict(list)  # kind -> [(ticket_id, data)]
        self.marks = defaultdict(list)  # (column, escalation level or None) -> [ticket_id]
        self.finished = defaultdict(list)  # target -> [ticket_id]: timers to remove or re-arm
        self.next_timers = []
        self.warnings = []  # (row, target, timeline entry)
        self.escalations = []  # (row, target, level, holder, held_by, timeline entry)
        self.escalated = set()
        self.alerts = sla_alerts.Alerts()
        self._ladder = self._assignees = None

    @property
    def ladder(self) -> ladder.Ladder:
        """The tree, ladder steps and assignees' logins: loaded when a ticket first climbs."""
        if self._ladder is None:
            rows = self.tickets.values()
            self._ladder = ladder.Ladder(
                {row.org_unit_id for row in rows}, {row.category_id for row in rows}
            )
            ids = {row.assignee_id for row in rows if row.assignee_id}
            self._assignees = dict(
                db.session.execute(
                    select(Officer.id, Officer.user_id).where(Officer.id.in_(ids))
                ).all()
                if ids
                else []
            )
        return self._ladder

    def fire(self, timer) -> None:
        ticket = self.tickets[timer.ticket_id]
        target, step = timer.target, timer.step
        due_column, milestone_column = sla.TARGETS[target]
        due = getattr(ticket, due_column)
        self.finished[target].append(ticket.id)
        if not ticket_states.is_open(ticket.state) or getattr(ticket, milestone_column):
            return  # met or closed: nothing more to do for this target
        entry = {"target": target, "due": due.isoformat(timespec="seconds")}
        if step == "warn" and self.now < due:
            self.events["sla_warning"].append((ticket.id, entry))
            self.marks[(f"{target}_warned_at", None)].append(ticket.id)
            self._arm(ticket.id, target, "breach", due)
            self.done["warnings"] += 1
            self.warnings.append((ticket, target, entry))
        elif step in ("warn", "breach"):
            self.done["breaches"] += 1
            first = ticket.level < 2 and ticket.id not in self.escalated
            if first:  # recorded with its escalation, as one `escalated` event carrying `due`
                self._climb(ticket, target, f"{target}_breached_at", entry)
            else:
                self.marks[(f"{target}_breached_at", None)].append(ticket.id)
                self.events["sla_breach"].append((ticket.id, entry))
        elif step == "escalate" and ticket.id not in self.escalated:
            self._climb(ticket, target, None, {"target": target})

    def _climb(self, row, target: str, column: str | None, entry: dict) -> None:
        """One level up the ladder (skipping units without a head); at the top, nothing."""
        held_by = self._holder(row, row.level)
        step = self.ladder.climb(row.org_unit_id, row.level, held_by)
        if step is None:
            if column:
                self.marks[(column, None)].append(row.id)
            return
        level, holder = step
        self.marks[(column, level)].append(row.id)
        self.escalated.add(row.id)
        self.escalations.append((row, target, level, holder, held_by, entry))
        if level < self.ladder.top(row.org_unit_id):
            due_column = sla.TARGETS[target][0]
            length = getattr(row, due_column) - row.created_at
            fires_at = self.ladder.next_climb(row, level, self.now, length)
            self._arm(row.id, target, "escalate", fires_at)

    def _holder(self, row, level: int):
        """Who holds the ticket at `level`: the assignee's login at level 1."""
        tree = self.ladder  # loads the assignees' logins too
        if level < 2:
            return self._assignees.get(row.assignee_id)
        return tree.holder(row.org_unit_id, level)

    def write(self) -> list:
        for (column, level), ids in self.marks.items():
            values = {column: self.now} if column else {}
            if level:
                values.update(level=level, escalated_at=self.now)
            db.session.execute(
                update(Ticket)
                .where(bulk.among(Ticket.id, ids))
                .values(values)
                .execution_options(synchronize_session=False)
            )
        rearmed = {(timer["ticket_id"], timer["target"]) for timer in self.next_timers}
        for target, ids in self.finished.items():
            done = [id_ for id_ in ids if (id_, target) not in rearmed]
            db.session.execute(
                delete(SlaTimer).where(
                    SlaTimer.target == target, bulk.among(SlaTimer.ticket_id, done)
                )
            )
        bulk.update_rows(SlaTimer.__table__, ("ticket_id", "target"), self.next_timers)
        self._warn()
        self._escalate()
        for kind, entries in self.events.items():
            timeline.record_many(kind, self.now, entries)
        return self.alerts.queue(self.now)

    def _arm(self, ticket_id: int, target: str, step: str, fires_at: datetime) -> None:
        self.next_timers.append(
            {"ticket_id": ticket_id, "target": target, "step": step, "fires_at": fires_at}
        )

    def _warn(self) -> None:
        """The assignee hears, by SMS, which of their tickets are due soon."""
        ids = {row.assignee_id for row, *_ in self.warnings if row.assignee_id}
        officers = _by_id(Officer, ids)
        for row, target, entry in self.warnings:
            officer = officers.get(row.assignee_id)
            # the timeline says who really heard: the assignee, or nobody (none, or no mobile)
            entry.update(assignee=str(officer) if officer else None, warned=False)
            if officer is not None and officer.phone:
                entry["warned"] = True
                recipient = ("sms", officer.phone, officer.language, f"officer-{officer.id}")
                self.alerts.add("warning", recipient, row, target)

    def _escalate(self) -> None:
        """Each new holder hears on their own channel; the timeline says who held the ticket
        before (the assignee, a unit head, the supervisors) and for how long."""
        if not self.escalations:
            return
        holders = {holder for *_, holder, _held_by, _entry in self.escalations}
        holders |= {held_by for *_, held_by, _entry in self.escalations if held_by}
        people = ladder.people(holders)
        channels = ladder.reach([user for users in people.values() for user in users])
        names = {key: [ladder.full_name(user) for user in users] for key, users in people.items()}
        logins = {key: ", ".join(user.username for user in users) for key, users in people.items()}
        for row, target, level, holder, held_by, entry in self.escalations:
            since = (row.assigned_at if row.level < 2 else row.escalated_at) or row.created_at
            entry = {
                **entry,
                "level": level,
                "to": logins.get(holder, ""),  # the logins
                "people": names.get(holder, []),  # how the timeline names them
                "from_level": max(row.level, 1),
                "held_by": names.get(held_by, []) if held_by else [],
                "held_seconds": max(0, int((self.now - since).total_seconds())),
            }
            self.events["escalated"].append((row.id, entry))
            self.done["escalations"] += 1
            for user in people.get(holder, []):
                self.alerts.add("breach", channels[user.id], row, target)


def _by_id(model, ids: set) -> dict:
    if not ids:
        return {}
    return {item.id: item for item in db.session.query(model).filter(model.id.in_(ids))}
