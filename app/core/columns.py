"""What the models share: the enum column type and append-only histories."""

from sqlalchemy import Enum, event


def str_enum(kind):
    """A StrEnum stored as its value in a VARCHAR(24): adding a value needs no migration."""
    return Enum(kind, native_enum=False, length=24)


class AppendOnly(Exception):
    pass


def append_only(model):
    """The ORM refuses to change or delete a row of `model` (the migrations add triggers that
    do the same in the database)."""

    def refuse(mapper, connection, target):
        raise AppendOnly(f"{model.__tablename__} rows are append-only")

    event.listen(model, "before_update", refuse)
    event.listen(model, "before_delete", refuse)
    return model
