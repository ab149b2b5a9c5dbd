"""The organisation tree: where a unit sits (its materialised path), its ancestors, its subtree."""

from sqlalchemy import String, func, inspect, literal, or_, select, update

from app.extensions import db
from app.models.org import Department, OrgUnit, Ward
from app.services.org.errors import UnitCycle, UnknownUnit


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


def move(unit: OrgUnit) -> None:
    """Place a new or edited unit under its (possibly new) parent and carry its subtree along:
    every descendant's path and depth follow. A unit under itself or under its own subtree is
    refused (UnitCycle); so is a parent that does not exist (UnknownUnit)."""
    old_path, old_depth = unit.path, unit.depth
    with db.session.no_autoflush:
        if inspect(unit).attrs.parent.history.has_changes():  # set by a form or the API
            parent = unit.parent
        else:
            parent = db.session.get(OrgUnit, unit.parent_id) if unit.parent_id else None
            if unit.parent_id is not None and parent is None:
                raise UnknownUnit(value=unit.parent_id)
    moving = unit.id is not None and old_path not in (None, "", "/")
    if moving and (parent is unit or (parent is not None and parent.path.startswith(old_path))):
        raise UnitCycle(unit=str(unit), parent=str(parent))
    unit.parent = parent
    db.session.add(unit)
    db.session.flush()  # the unit's id, and parent_id in step with parent
    place(unit)
    db.session.flush()
    if moving and unit.path != old_path:
        db.session.execute(
            update(OrgUnit)
            .where(OrgUnit.path.startswith(old_path), OrgUnit.id != unit.id)
            .values(
                path=literal(unit.path, String) + func.substr(OrgUnit.path, len(old_path) + 1),
                depth=OrgUnit.depth + (unit.depth - (old_depth or 0)),
            )
            .execution_options(synchronize_session=False)
        )
        for loaded in list(db.session.identity_map.values()):
            if isinstance(loaded, OrgUnit) and loaded is not unit:
                db.session.expire(loaded, ["path", "depth"])
