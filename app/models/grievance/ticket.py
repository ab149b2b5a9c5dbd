"""Tickets (complaints, suggestions, queries, requests) and their append-only timeline."""

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.columns import append_only, str_enum
from app.extensions import db
from app.models.org import CategoryKind


class TicketState(enum.StrEnum):
    new = "new"
    acknowledged = "acknowledged"
    assigned = "assigned"
    in_progress = "in_progress"
    resolved = "resolved"
    closed = "closed"
    rejected = "rejected"
    duplicate = "duplicate"
    reopened = "reopened"
    closed_unresolved = "closed_unresolved"
    # Pause states: the clock stops until the citizen or another agency answers.
    waiting_citizen = "waiting_citizen"
    waiting_agency = "waiting_agency"


class Channel(enum.StrEnum):
    walk_in = "walk_in"
    phone_call = "phone_call"
    web = "web"
    whatsapp = "whatsapp"
    sms = "sms"
    telegram = "telegram"
    messenger = "messenger"
    email = "email"
    x = "x"
    open311 = "open311"
    api = "api"


class Priority(enum.StrEnum):
    low = "low"
    normal = "normal"
    high = "high"
    urgent = "urgent"


ESCALATED = text("kind = 'escalated'")
REGISTERED = text("kind = 'created'")
# What a person writes about one problem (a long letter fits; a pasted file does not).
DESCRIPTION_MAX = 4000


class Ticket(db.Model):
    __tablename__ = "ticket"
    __table_args__ = (
        Index("ix_ticket_department_created", "department_id", "created_at"),
        Index("ix_ticket_citizen_created", "citizen_id", "created_at"),
        Index("ix_ticket_assignee_state", "assignee_id", "state"),
        Index("ix_ticket_state_created", "state", "created_at"),
        Index("ix_ticket_unit_created", "org_unit_id", "created_at"),
        Index("ix_ticket_created_at", "created_at"),  # newest first across a subtree's units
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_no: Mapped[str | None] = mapped_column(String(32), unique=True)
    kind: Mapped[CategoryKind] = mapped_column(str_enum(CategoryKind))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    ward_id: Mapped[int | None] = mapped_column(ForeignKey("ward.id"), index=True)
    # The office of the tree that holds the ticket (the ward's unit, else the department's).
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    priority: Mapped[Priority] = mapped_column(str_enum(Priority), default=Priority.normal)
    state: Mapped[TicketState] = mapped_column(str_enum(TicketState), default=TicketState.new)
    address: Mapped[str | None] = mapped_column(String(300))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str] = mapped_column(String(DESCRIPTION_MAX))
    rejection_reason: Mapped[str | None] = mapped_column(String(300))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"))
    # An appeal is a ticket of its own, linked to the one it appeals against.
    appeal_of_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)

    created_at: Mapped[datetime] = mapped_column(DateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime)
    first_response_at: Mapped[datetime | None] = mapped_column(DateTime)
    primary_action_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    # SLA deadlines, fixed at creation from the category's targets.
    first_response_due: Mapped[datetime] = mapped_column(DateTime, index=True)
    primary_action_due: Mapped[datetime] = mapped_column(DateTime, index=True)
    resolution_due: Mapped[datetime] = mapped_column(DateTime, index=True)

    # What the SLA sweep has done (see SlaTimer). None of these is indexed, so the sweep's
    # updates stay on the row's page (HOT); escalations are listed from the timeline.
    first_response_warned_at: Mapped[datetime | None] = mapped_column(DateTime)
    primary_action_warned_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolution_warned_at: Mapped[datetime | None] = mapped_column(DateTime)
    first_response_breached_at: Mapped[datetime | None] = mapped_column(DateTime)
    primary_action_breached_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolution_breached_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Who holds it on the escalation ladder: 1 the assignee, 2 the unit head, 3 the next unit
    # up's head, and so on (LadderStep).
    level: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set while a pause state (waiting for the citizen, another agency) stops the clock.
    paused_at: Mapped[datetime | None] = mapped_column(DateTime)

    category = relationship("Category", lazy="joined")
    department = relationship("Department", lazy="joined")
    ward = relationship("Ward", lazy="joined")
    citizen = relationship("Citizen", lazy="joined")
    assignee = relationship("Officer", lazy="joined")
    org_unit = relationship("OrgUnit", lazy="joined")
    duplicate_of = relationship("Ticket", remote_side=[id], foreign_keys=[duplicate_of_id])
    appeal_of = relationship("Ticket", remote_side=[id], foreign_keys=[appeal_of_id])
    events = relationship("TicketEvent", order_by="TicketEvent.id", viewonly=True)
    photos = relationship("TicketPhoto", order_by="TicketPhoto.id", viewonly=True, lazy="select")

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def __str__(self) -> str:
        return self.tracking_no or f"#{self.id}"


class SlaTimer(db.Model):
    """The next thing the SLA sweep does for one target of one ticket: warn the assignee,
    record the breach, or escalate one level up, at `fires_at`. Rows exist only while
    something is pending, so the sweep reads a small table, not a million tickets."""

    __tablename__ = "sla_timer"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), primary_key=True)
    target: Mapped[str] = mapped_column(String(24), primary_key=True)
    step: Mapped[str] = mapped_column(String(16))  # warn, breach, escalate
    fires_at: Mapped[datetime] = mapped_column(DateTime, index=True)


@append_only
class TicketEvent(db.Model):
    """One line of a ticket's timeline. Append-only: the ORM and database triggers refuse
    any UPDATE or DELETE (see the migration)."""

    __tablename__ = "ticket_event"
    __table_args__ = (
        Index("ix_ticket_event_ticket", "ticket_id", "id"),
        # The Escalations screen, newest first: a small index of the escalation events only.
        Index(
            "ix_ticket_event_escalated",
            "id",
            postgresql_where=ESCALATED,
            sqlite_where=ESCALATED,
        ),
        # The tickets a login registered: their citizens stay in its scope (rules.grievance).
        Index(
            "ix_ticket_event_registered",
            "actor_id",
            "ticket_id",
            postgresql_where=REGISTERED,
            sqlite_where=REGISTERED,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"))
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"))
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("StaffUser", lazy="joined")
    ticket = relationship("Ticket", viewonly=True)


class Explanation(db.Model):
    """A higher level asks a lower one why a ticket was late, with a deadline of its own; the
    answer, or its absence, lands on the timeline."""

    __tablename__ = "explanation"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    asked_by_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id"))
    asked_of_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id"), index=True)
    question: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    due_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    answer: Mapped[str | None] = mapped_column(String(4000))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    missed_at: Mapped[datetime | None] = mapped_column(DateTime)

    ticket = relationship("Ticket", lazy="joined")
    asked_by = relationship("StaffUser", foreign_keys=[asked_by_id], lazy="joined")
    asked_of = relationship("StaffUser", foreign_keys=[asked_of_id], lazy="joined")


class Feedback(db.Model):
    """The citizen's rating of one resolution; "not fixed" reopens the ticket."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("ticket_id", "resolved_at", name="uq_feedback_resolution"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    resolved_at: Mapped[datetime] = mapped_column(DateTime)  # which resolution was rated
    rating: Mapped[int] = mapped_column(Integer)
    not_fixed: Mapped[bool] = mapped_column(Boolean, default=False)
    comment: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class TicketPhoto(db.Model):
    """A photo of the problem: checked, stripped of EXIF (GPS), with a thumbnail. Kept in the
    database so that any web node can serve it."""

    __tablename__ = "ticket_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    thumbnail: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class TicketChange(db.Model):
    """The tickets one statement wrote (`ticket_ids`, "12,13,14"): the feed the dashboard keeps
    its copy exact with. Database triggers on `ticket` and `feedback` add the rows (migration
    0017), so bulk SQL, the sweep and every service are covered alike.
    On PostgreSQL `txid` is the writer's transaction id: a reader that remembers which
    transactions its last look could not see yet reads exactly what it has missed."""

    __tablename__ = "ticket_change"
    __table_args__ = (Index("ix_ticket_change_txid", "txid"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    ticket_ids: Mapped[str] = mapped_column(Text)
    txid: Mapped[int] = mapped_column(BigInteger, default=0)
    at: Mapped[datetime] = mapped_column(DateTime)
