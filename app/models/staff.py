"""Staff logins: Flask-AppBuilder's user plus the desk they work at and their language."""

from flask_appbuilder.security.sqla.models import User
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship


class StaffUser(User):
    __tablename__ = "ab_user"
    __table_args__ = {"extend_existing": True}

    # The department this login works for (clerks, officers, postmen); none for city-wide roles.
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", use_alter=True, name="fk_ab_user_department"), index=True
    )
    # Remembered choice of en/hi/bn/fa, restored at every login.
    locale: Mapped[str | None] = mapped_column(String(8))

    department = relationship("Department", foreign_keys=[department_id])
