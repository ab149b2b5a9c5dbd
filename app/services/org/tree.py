"""The organisation tree: where a unit sits (its materialised path), its ancestors, its subtree."""

from sqlalchemy import or_, select

from app.extensions import db
from app.models.org import Department, OrgUnit, Ward


def place(unit: OrgUnit) -> None:
    """Set the unit's path and depth from its parent (the unit needs its id: flushed)."""
    if unit.id is None:
        db.session.add(unit)
        db.session.flush()
    parent = db.session.get(OrgUnit, unit.parent_id) if unit.parent_id else None
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    unit.depth = parent.depth + 1 if parent else 0


def ancestor_ids(path: str) -> list[int]:
    """The ids on a path, from the root down to the unit itself."""
    return [int(part) for part in path.strip("/").split("/") if part]


def subtree_ids(paths: list[str]):
    """A select of the ids of every unit at or under the units with these paths."""
    return select(OrgUnit.id).where(or_(*(OrgUnit.path.startswith(path) for path in paths)))


def home_unit(ward_id: int | None, department_id: int | None) -> int | None:
    """The unit that holds a new ticket: its ward's, else its department's office."""
    if ward_id is not None:
        unit = db.session.scalar(select(Ward.org_unit_id).where(Ward.id == ward_id))
        if unit is not None:
            return unit
    if department_id is not None:
        return db.session.scalar(
            select(Department.org_unit_id).where(Department.id == department_id)
        )
    return None
