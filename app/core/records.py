"""What a table refuses, said before the database says it: a record that cannot be saved (an
empty required field, a value too long or too large for its column, a related record that does
not exist, a value another record already has) or deleted (other records still point to it)
is refused with a typed error naming the fields, whichever screen or API saves it."""

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import Integer, String, func, inspect, literal, or_, select
from sqlalchemy.orm import RelationshipDirection

from app.core import record_names
from app.core.errors import AlreadyTaken, InUse, InvalidBody
from app.extensions import db

INT_RANGE = range(-(2**31), 2**31)  # what the database's integer columns hold
RESOLVED_BY_DATABASE = ("CASCADE", "SET NULL")  # what a reference does when its row goes
COUNT_UP_TO = 1000  # records using one that is deleted: counted this far, then "at least"


def check_saveable(item) -> None:
    """InvalidBody (400) for a field its column refuses; AlreadyTaken (409) for a unique value
    another record has."""
    mapper, given = inspect(type(item)), inspect(item).dict  # what is set or loaded, no lazy load
    problems, taken = {}, {}
    with db.session.no_autoflush:
        related = _related_records(mapper, given, problems)
        for attr in mapper.column_attrs:
            column = attr.columns[0]
            field = related.get(attr.key, attr.key)
            if column.primary_key or field in problems:
                continue
            value = getattr(item, attr.key)
            if value is None and given.get(field) is not None:
                continue  # the related record is set; its id comes with the flush
            problem = _column_problem(column, value)
            if problem:
                problems[field] = [problem]
            elif column.unique and value is not None and _taken(item, mapper, column, value):
                taken[field] = [_("Another record already has this value.")]
    if problems:
        raise InvalidBody(problems)
    if taken:
        raise AlreadyTaken(taken)


def check_columns(item) -> None:
    """InvalidBody (400) for a value its column cannot keep (too long, a NUL, out of range):
    what intake checks on every channel, without check_saveable's look-ups (the relations and
    unique values intake sets itself, and the database's unique indexes still hold)."""
    problems = {}
    for attr in inspect(type(item)).column_attrs:
        value = inspect(item).dict.get(attr.key)  # what is set, no lazy load
        problem = _column_problem(attr.columns[0], value) if value is not None else None
        if problem:
            problems[attr.key] = [problem]
    if problems:
        raise InvalidBody(problems)


def fit(column, value: str | None) -> str | None:
    """Text someone else wrote (a chat profile name, a mail's sender name) cut to what its
    `column` holds, the cut shown with an ellipsis: we keep what fits rather than lose the
    message it came with."""
    value = " ".join((value or "").replace("\x00", "").split())
    if not value:
        return None
    limit = column.type.length
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def check_deletable(item) -> None:
    """InUse (409) when rows of other tables still point to `item`, naming them in the
    reader's words ("3 users, 2 tickets"), never by their tables."""
    mapper = inspect(type(item))
    handled = _resolved_by_orm(mapper)
    used_by = []
    for table in db.Model.metadata.sorted_tables:
        pointing = []
        for key in table.foreign_keys:
            if key.column.table is not mapper.local_table or key in handled:
                continue
            if (key.ondelete or "").upper() in RESOLVED_BY_DATABASE:
                continue
            value = getattr(item, mapper.get_property_by_column(key.column).key)
            pointing.append(key.parent == value)
        count = _count(table, or_(*pointing)) if pointing else 0
        if count:
            used_by.append(record_names.counted(table.name, count, at_least=count >= COUNT_UP_TO))
    if used_by:
        raise InUse(used_by=format_list(used_by, locale=get_locale() or "en"))


def _count(table, condition) -> int:
    """Rows of `table` meeting `condition`, counted up to COUNT_UP_TO (a department's million
    tickets need not all be counted to refuse its deletion)."""
    rows = select(literal(1)).select_from(table).where(condition).limit(COUNT_UP_TO).subquery()
    return db.session.execute(select(func.count()).select_from(rows)).scalar_one()


def _related_records(mapper, given: dict, problems: dict) -> dict:
    """{foreign key column: relation name}; a related record FAB made up from an id that
    nothing has (a transient one) is a problem of its relation."""
    related = {}
    for relation in mapper.relationships:
        if relation.direction is RelationshipDirection.MANYTOONE:
            for column in relation.local_columns:
                related[mapper.get_property_by_column(column).key] = relation.key
        value = given.get(relation.key)
        records = value if relation.uselist else [value]
        unknown = [r for r in records or [] if r is not None and inspect(r).transient]
        if unknown:
            ids = ", ".join(str(getattr(r, "id", "")) for r in unknown)
            problems[relation.key] = [_("No record has the id %(value)s.", value=ids)]
    return related


def _column_problem(column, value) -> str | None:
    if value is None:
        required = not column.nullable and column.default is None
        if required and column.server_default is None:
            return _("This field is required.")
        return None
    if isinstance(column.type, String) and isinstance(value, str):
        if "\x00" in value:
            return _("Text cannot contain a NUL character.")
        if column.type.length and len(value) > column.type.length:
            return _("At most %(limit)s characters.", limit=column.type.length)
    if isinstance(column.type, Integer) and isinstance(value, int) and value not in INT_RANGE:
        return _("Please give a whole number here.")
    return None


def _taken(item, mapper, column, value) -> bool:
    others = select(column).where(column == value)
    for key in mapper.primary_key:
        own = getattr(item, mapper.get_property_by_column(key).key)
        if own is not None:
            others = others.where(key != own)
    return db.session.execute(others.limit(1)).first() is not None


def _resolved_by_orm(mapper) -> set:
    """Foreign keys the ORM takes care of when a record is deleted: its many-to-many links."""
    return {
        key
        for relation in mapper.relationships
        if relation.secondary is not None
        for key in relation.secondary.foreign_keys
    }
