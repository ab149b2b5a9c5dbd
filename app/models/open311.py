"""Open311 GeoReport v2: the keys clients post with, the extra questions a service asks, and
what each request posted through Open311 brought beside the ticket itself."""

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.columns import str_enum
from app.extensions import db


class Open311Key(db.Model):
    """An API key of one Open311 client. Only the SHA-256 of the key is kept: the key itself is
    shown once, when it is issued."""

    __tablename__ = "open311_key"
    __table_args__ = (UniqueConstraint("key_hash", name="uq_open311_key_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))  # the client: "FixMyStreet", "city app"
    key_hash: Mapped[str] = mapped_column(String(64))  # SHA-256, hex
    created_at: Mapped[datetime] = mapped_column(DateTime)
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("ab_user.id", name="fk_open311_key_issued_by")
    )
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("ab_user.id", name="fk_open311_key_revoked_by")
    )

    issued_by = relationship("StaffUser", foreign_keys=[issued_by_id], lazy="joined")
    revoked_by = relationship("StaffUser", foreign_keys=[revoked_by_id], lazy="joined")

    def __str__(self) -> str:
        return self.name


class AttributeType(enum.StrEnum):
    """The datatypes of GeoReport v2 service attributes."""

    string = "string"
    number = "number"
    datetime = "datetime"
    text = "text"
    singlevaluelist = "singlevaluelist"
    multivaluelist = "multivaluelist"


class ServiceAttribute(db.Model):
    """One extra question of a service (a category): its answer travels as `attribute[code]`."""

    __tablename__ = "open311_service_attribute"
    __table_args__ = (
        UniqueConstraint("category_id", "code", name="uq_open311_attribute_code"),
        UniqueConstraint("category_id", "position", name="uq_open311_attribute_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("category.id", name="fk_open311_attribute_category"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)  # the spec's `order`: 1 is shown first
    code: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(String(1000))  # the question put to the citizen
    datatype: Mapped[AttributeType] = mapped_column(str_enum(AttributeType))
    datatype_description: Mapped[str | None] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    variable: Mapped[bool] = mapped_column(Boolean, default=True)  # False: information only
    # The choices of a list, one per line: "key = name".
    choices: Mapped[str | None] = mapped_column(String(4000))

    category = relationship("Category", lazy="joined")

    def __str__(self) -> str:
        return self.code


class Open311Request(db.Model):
    """What an Open311 client posted beside the ticket: which key, its own ids for the person
    and the device, the media URL and the attribute answers."""

    __tablename__ = "open311_request"

    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id", name="fk_open311_request_ticket"), primary_key=True
    )
    key_id: Mapped[int] = mapped_column(
        ForeignKey("open311_key.id", name="fk_open311_request_key"), index=True
    )
    account_id: Mapped[str | None] = mapped_column(String(120))
    device_id: Mapped[str | None] = mapped_column(String(120))
    address_id: Mapped[str | None] = mapped_column(String(120))
    media_url: Mapped[str | None] = mapped_column(String(2000))
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime)
