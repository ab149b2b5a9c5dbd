"""Many rows at once, for the jobs that handle thousands per round (the SLA sweep).

On PostgreSQL rows go in by COPY and a long id list travels as one array parameter; other
databases get executemany and an IN list. Callers stay the same on both.
"""

from psycopg.types.json import Json
from sqlalchemy import ARRAY, any_, bindparam, insert

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


def among(column, ids):
    """`column IN ids`, as one parameter on PostgreSQL however long the list."""
    ids = list(ids)
    if db.engine.dialect.name == "postgresql":
        return column == any_(bindparam(None, ids, type_=ARRAY(column.type)))
    return column.in_(ids)


def _value(value):
    return Json(value) if isinstance(value, dict) else value
