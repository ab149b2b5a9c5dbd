"""The organisation: departments, wards, officers and complaint categories."""

import enum

from sqlalchemy import Boolean, Column, Enum, Float, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.digits import native_digits
from app.core.i18n import Translated, current_language
from app.extensions import db

LANGUAGE_CODES = ("en", "hi", "bn", "fa")


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

    # Many-to-one links shown in every list row: joined, so a page is one query, not one per row.
    supervisor = relationship("StaffUser", foreign_keys=[supervisor_id], lazy="joined")


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

    user = relationship("StaffUser", foreign_keys=[user_id], lazy="joined")
    department = relationship("Department", lazy="joined")
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
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    department = relationship("Department", lazy="joined")
