"""Many rows at once, for the jobs that handle thousands per round (the SLA sweep).

On PostgreSQL rows go in by COPY and a long id list travels as one array parameter; other
databases get executemany and an IN list. Callers stay the same on both.
"""

from psycopg.types.json import Json
from sqlalchemy import ARRAY, any_, bindparam, func, insert, select, text, update

from app.extensions import db


def insert_rows(table, rows: list[dict]) -> None:
    if not rows:
        return
    if db.engine.dialect.name != "postgresql":
        db.session.execute(insert(table), rows)
        return
    columns = list(rows[0])
    cursor = db.session.connection().connection.driver_connection.cursor()
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"  # our own table's names
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([_value(row[column]) for column in columns])


def next_ids(table, count: int) -> list[int]:
    """Ids for `count` new rows of `table`, taken before they are written (rows written by COPY
    can then refer to each other). PostgreSQL draws them from the table's sequence; SQLite,
    which has one writer at a time, continues after the largest id."""
    if count <= 0:
        return []
    if db.engine.dialect.name == "postgresql":
        drawn = db.session.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": count},
        )
        return [row[0] for row in drawn]
    start = db.session.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar() + 1
    return list(range(start, start + count))


def update_rows(table, keys: tuple, rows: list[dict]) -> None:
    """Set each row's other columns on the table row with the same `keys` values."""
    if not rows:
        return
    columns = list(rows[0])
    if db.engine.dialect.name != "postgresql":
        statement = (
            update(table)
            .where(*[table.c[key] == bindparam(f"key_{key}") for key in keys])
            .values({c: bindparam(f"new_{c}") for c in columns if c not in keys})
        )
        prefixed = [
            {(f"key_{c}" if c in keys else f"new_{c}"): row[c] for c in columns} for row in rows
        ]
        db.session.execute(statement, prefixed)
        return
    dialect = db.engine.dialect
    arrays = ", ".join(f"CAST(:{c} AS {table.c[c].type.compile(dialect)}[])" for c in columns)
    sets = ", ".join(f"{c} = v.{c}" for c in columns if c not in keys)
    match = " AND ".join(f"{table.name}.{key} = v.{key}" for key in keys)
    names = ", ".join(columns)
    # our own table's and columns' names; the values travel as array parameters
    statement = f"UPDATE {table.name} SET {sets} FROM unnest({arrays}) AS v({names}) WHERE {match}"  # noqa: S608, E501
    db.session.execute(text(statement), {c: [row[c] for row in rows] for c in columns})


def among(column, ids):
    """`column IN ids`, as one parameter on PostgreSQL however long the list."""
    ids = list(ids)
    if db.engine.dialect.name == "postgresql":
        return column == any_(bindparam(None, ids, type_=ARRAY(column.type)))
    return column.in_(ids)


def _value(value):
    return Json(value) if isinstance(value, dict) else value
