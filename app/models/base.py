"""Staff logins: Flask-AppBuilder's user plus the desk they work at and their language."""

from flask_appbuilder.security.sqla.models import User
from sqlalchemy import ForeignKey, Integer, String
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
    # Raised when every session and token of this login must end (app/security/sessions.py).
    session_generation: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0", nullable=False
    )

    department = relationship("Department", foreign_keys=[department_id])

    def get_id(self) -> str:
        """Flask-Login keeps this in the session: the login and the generation it was issued in."""
        return f"{self.id}:{self.session_generation or 0}"
