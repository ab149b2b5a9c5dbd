"""Which rows of the copy a reader's row rules let them count, whatever the rules say: the
rules' own SQL criterion (app.security.scope.scope_criterion) is run once for every ticket, then
only for the tickets written since, so a reader narrowed to a district pays a few hundred
microseconds a look, not a query over their district.

A criterion may read more than the ticket (a unit's place in the tree, the units a login
watches); those rows change rarely, so each mask is read afresh after FRESH_FOR.
"""

import time

import numpy as np
from sqlalchemy import select

from app.extensions import db
from app.models.grievance.ticket import Ticket
from app.services.dashboard.reading import NONE

FRESH_FOR = 60  # seconds a mask is caught up from the change log before it is read whole
KEPT = 64  # masks kept per process (one per distinct rule: a district, a department ...)
CHUNK = 5_000  # changed ids checked against the criterion per statement


class _Mask:
    def __init__(self, copy, criterion):
        self.epoch, self.generation, self.made = copy.epoch, copy.generation, time.monotonic()
        self.rows = np.zeros(len(copy.arrays["id"]), dtype=np.bool_)
        ids = np.fromiter(db.session.scalars(select(Ticket.id).where(criterion)), np.int64)
        _mark(self.rows, copy.position, ids, True)


_masks: dict[tuple, _Mask] = {}


def rows(copy, criterion) -> np.ndarray:
    """The copy's used rows the criterion admits (call with the copy held up to date)."""
    key = _key(criterion)
    mask = _masks.get(key)
    changed = None
    if mask is not None and mask.epoch == copy.epoch and time.monotonic() - mask.made < FRESH_FOR:
        changed = copy.changed_since(mask.generation)
    if changed is None:
        mask = _masks[key] = _Mask(copy, criterion)
        while len(_masks) > KEPT:
            _masks.pop(next(iter(_masks)))
    elif len(changed):
        if len(mask.rows) < len(copy.arrays["id"]):
            grown = np.zeros(len(copy.arrays["id"]), dtype=np.bool_)
            grown[: len(mask.rows)] = mask.rows
            mask.rows = grown
        _mark(mask.rows, copy.position, changed, False)
        for start in range(0, len(changed), CHUNK):
            part = changed[start : start + CHUNK].tolist()
            query = select(Ticket.id).where(Ticket.id.in_(part), criterion)
            _mark(mask.rows, copy.position, np.fromiter(db.session.scalars(query), np.int64), True)
        mask.generation = copy.generation
    return mask.rows[: copy.length]


def _mark(rows: np.ndarray, position: np.ndarray, ids: np.ndarray, value: bool) -> None:
    ids = ids[ids < len(position)]
    where = position[ids]
    rows[where[where != NONE]] = value


def _key(criterion) -> tuple:
    compiled = criterion.compile(dialect=db.engine.dialect)
    return str(compiled), repr(sorted(compiled.params.items()))
