"""The organisation: its tree of units with their calendars, departments, wards, officers, and
complaint categories with their SLA policy (targets per priority, the escalation ladder)."""

import enum
from datetime import date, time

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Enum,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.columns import str_enum
from app.core.digits import native_digits
from app.core.i18n import Translated, current_language
from app.extensions import db

LANGUAGE_CODES = ("en", "hi", "bn", "fa")


class OrgUnit(Translated, db.Model):
    """One office of the hierarchy (HQ, a district, a police station; a zone, a ward office).
    `path` lists the ids from the root down to this unit ("/1/4/9/"), so a subtree is one
    indexed prefix match; app.services.org.tree keeps it true when a unit moves."""

    __tablename__ = "org_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    name_hi: Mapped[str | None] = mapped_column(String(120))
    name_bn: Mapped[str | None] = mapped_column(String(120))
    name_fa: Mapped[str | None] = mapped_column(String(120))
    level_name: Mapped[str | None] = mapped_column(String(60))  # "District", "Police station"
    level_name_hi: Mapped[str | None] = mapped_column(String(60))
    level_name_bn: Mapped[str | None] = mapped_column(String(60))
    level_name_fa: Mapped[str | None] = mapped_column(String(60))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    path: Mapped[str] = mapped_column(String(255), default="/", index=True)
    depth: Mapped[int] = mapped_column(Integer, default=0)
    head_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"))
    appellate: Mapped[bool] = mapped_column(Boolean, default=False)  # hears appeals from below
    # The calendar: public holidays of the country (and state), the office's days and hours.
    country: Mapped[str] = mapped_column(String(2), default="IN")
    subdivision: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(40))  # None: the deployment's TIMEZONE
    working_days: Mapped[str] = mapped_column(String(7), default="012345")  # Monday = 0
    opens_at: Mapped[time] = mapped_column(Time, default=time(10, 0))
    closes_at: Mapped[time] = mapped_column(Time, default=time(18, 0))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    # Loaded by a second query, not joined: a ticket list joins its unit, and joins below that
    # made PostgreSQL plan a 20-table query for every page (bench/subtree_scope.py).
    parent = relationship("OrgUnit", remote_side=[id], lazy="selectin")
    head = relationship("StaffUser", foreign_keys=[head_id], lazy="selectin")
    staff = relationship("StaffUser", secondary="staff_unit", backref="org_units")

    def __str__(self) -> str:
        return self.localized("name") or ""


# The units a login works for or watches: a station's officer their station, a district SP
# their district, an HQ desk operator the districts given to them.
staff_unit = Table(
    "staff_unit",
    db.Model.metadata,
    Column("user_id", ForeignKey("ab_user.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "org_unit_id", ForeignKey("org_unit.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Holiday(db.Model):
    """A day a unit adds to its country's public holidays (a local festival, a closure); the
    units below it keep it too."""

    __tablename__ = "holiday"
    __table_args__ = (UniqueConstraint("org_unit_id", "day", name="uq_holiday_unit_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(120))

    org_unit = relationship("OrgUnit", lazy="selectin")


class Department(Translated, db.Model):
    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_hi: Mapped[str | None] = mapped_column(String(120))
    name_bn: Mapped[str | None] = mapped_column(String(120))
    name_fa: Mapped[str | None] = mapped_column(String(120))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where the department's office sits: a ticket with no ward goes to this unit.
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))

    # Many-to-one links shown in every list row: joined, so a page is one query, not one per row.
    supervisor = relationship("StaffUser", foreign_keys=[supervisor_id], lazy="joined")
    # not joined: every ticket, category and officer loads its department, and needs no unit
    org_unit = relationship("OrgUnit", lazy="select")


class Ward(Translated, db.Model):
    __tablename__ = "ward"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_hi: Mapped[str | None] = mapped_column(String(120))
    name_bn: Mapped[str | None] = mapped_column(String(120))
    name_fa: Mapped[str | None] = mapped_column(String(120))
    zone: Mapped[str | None] = mapped_column(String(120))  # zone or district
    latitude: Mapped[float | None] = mapped_column(Float)  # centroid, WGS84
    longitude: Mapped[float | None] = mapped_column(Float)
    boundary_geojson: Mapped[str | None] = mapped_column(Text)
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)

    org_unit = relationship("OrgUnit", lazy="selectin")

    def label(self) -> str:
        language = current_language()
        number = native_digits(str(self.number), language)
        # a middle dot beside Persian digits reads as a zero (۰)
        return f"{number} {'–' if language == 'fa' else '·'} {self.localized('name')}"


officer_ward = Table(
    "officer_ward",
    db.Model.metadata,
    Column("officer_id", ForeignKey("officer.id", ondelete="CASCADE"), primary_key=True),
    Column("ward_id", ForeignKey("ward.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Officer(db.Model):
    __tablename__ = "officer"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id"), unique=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    language: Mapped[str] = mapped_column(String(8), default="en")
    available: Mapped[bool] = mapped_column(Boolean, default=True)
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)

    user = relationship("StaffUser", foreign_keys=[user_id], lazy="joined")
    department = relationship("Department", lazy="joined")
    org_unit = relationship("OrgUnit", lazy="selectin")
    wards = relationship("Ward", secondary=officer_ward, order_by="Ward.number")

    def __str__(self) -> str:
        if self.user is None:
            return str(self.id or "")
        return f"{self.user.first_name} {self.user.last_name}".strip() or self.user.username


class CategoryKind(enum.StrEnum):
    complaint = "complaint"
    suggestion = "suggestion"
    query = "query"
    request = "request"


class Clock(enum.StrEnum):
    round_the_clock = "round_the_clock"  # police help: nights and holidays count
    office_hours = "office_hours"  # a blocked drain: the unit's working hours only


class Category(Translated, db.Model):
    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Also the Open311 service_code: letters, digits, "-" and "_".
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_hi: Mapped[str | None] = mapped_column(String(120))
    name_bn: Mapped[str | None] = mapped_column(String(120))
    name_fa: Mapped[str | None] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(String(2000))
    description_hi: Mapped[str | None] = mapped_column(String(2000))
    description_bn: Mapped[str | None] = mapped_column(String(2000))
    description_fa: Mapped[str | None] = mapped_column(String(2000))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    kind: Mapped[CategoryKind] = mapped_column(
        Enum(CategoryKind, native_enum=False, length=16), default=CategoryKind.complaint
    )
    first_response_minutes: Mapped[int] = mapped_column(Integer, default=120)
    primary_action_minutes: Mapped[int] = mapped_column(Integer, default=1440)
    resolution_hours: Mapped[int] = mapped_column(Integer, default=72)
    clock: Mapped[Clock] = mapped_column(
        str_enum(Clock), default=Clock.round_the_clock, server_default="round_the_clock"
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    department = relationship("Department", lazy="joined")


class PriorityTarget(db.Model):
    """A category's SLA targets for one priority (urgent sooner, low later); a priority
    without a row keeps the category's own targets."""

    __tablename__ = "sla_target"
    __table_args__ = (UniqueConstraint("category_id", "priority", name="uq_sla_target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    priority: Mapped[str] = mapped_column(String(24))
    first_response_minutes: Mapped[int] = mapped_column(Integer)
    primary_action_minutes: Mapped[int] = mapped_column(Integer)
    resolution_minutes: Mapped[int] = mapped_column(Integer)

    category = relationship("Category", lazy="joined")


class LadderStep(db.Model):
    """One rung of an escalation ladder: how long `level` holds a breached ticket before it
    climbs again. Level 2 is the head of the ticket's unit, level n the head of the unit n-2
    steps up; level 1 is the assignee, whose time is the SLA target. A category without
    steps climbs the default ladder (category_id null)."""

    __tablename__ = "escalation_step"
    __table_args__ = (UniqueConstraint("category_id", "level", name="uq_escalation_step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    level: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)

    category = relationship("Category", lazy="joined")
