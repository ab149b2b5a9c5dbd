"""A request for a water tanker: where, how much, for which day, whom to call."""

import enum
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.columns import str_enum
from app.extensions import db


class TankerStatus(enum.StrEnum):
    requested = "requested"
    scheduled = "scheduled"
    delivered = "delivered"
    cancelled = "cancelled"


class TankerRequest(db.Model):
    """One tanker asked for a ward, kept by the department it was routed to (Water)."""

    __tablename__ = "water_tanker_request"  # the module's name first: no clash with the core's
    __table_args__ = (Index("ix_water_tanker_request_department", "department_id", "wanted_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("ward.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    address: Mapped[str] = mapped_column(String(300))
    litres: Mapped[int] = mapped_column(Integer)
    wanted_on: Mapped[date] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(20))  # E.164
    status: Mapped[TankerStatus] = mapped_column(
        str_enum(TankerStatus), default=TankerStatus.requested
    )
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    # the clerk who took it at the desk; none when the citizen asked on the portal
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("ab_user.id"))

    ward = relationship("Ward", lazy="joined")
    department = relationship("Department", lazy="joined")
    requested_by = relationship("StaffUser", foreign_keys=[requested_by_id])

    @property
    def reference(self) -> str:
        """What the citizen quotes on the phone: WT-12."""
        return f"WT-{self.id}"

    def __str__(self) -> str:
        return self.reference
