"""The bench's own organisation tree for bench/dashboard.py, when the database has none below a
root: a head office, districts, stations; the wards spread over the stations, each ticket held
by its ward's station, 1% of tickets appeals against the ticket before them. Written with the
change-log triggers off (a process's copy loads everything at its first answer anyway)."""

import time

TRIGGERS = ("ticket_inserted", "ticket_updated")


def make_tree(pg, districts: int, stations_each: int) -> None:
    """A tree of the bench's own when the database has none below a root (see the docstring)."""
    if pg.execute("SELECT count(*) FROM org_unit WHERE depth > 0").fetchone()[0]:
        return
    started = time.perf_counter()
    root = _unit(pg, "Bench head office", None, "Head office", "/")
    stations = []
    for d in range(districts):
        district = _unit(pg, f"District {d + 1}", root[0], "District", root[1])
        for s in range(stations_each):
            name = f"Station {d + 1}.{s + 1}"
            stations.append(_unit(pg, name, district[0], "Police station", district[1])[0])
    wards = [w for (w,) in pg.execute("SELECT id FROM ward ORDER BY id")]
    for n, ward in enumerate(wards):
        pg.execute(
            "UPDATE ward SET org_unit_id = %s WHERE id = %s", (stations[n % len(stations)], ward)
        )
    for name in TRIGGERS:
        pg.execute(f"ALTER TABLE ticket DISABLE TRIGGER {name}")
    try:
        pg.execute(
            "UPDATE ticket SET org_unit_id = coalesce(ward.org_unit_id, %s) FROM ward "
            "WHERE ward.id = ticket.ward_id",
            (root[0],),
        )
        pg.execute("UPDATE ticket SET org_unit_id = %s WHERE ward_id IS NULL", (root[0],))
        pg.execute(  # 1% appeals against the ticket before, half of them decided
            "UPDATE ticket SET appeal_of_id = id - 1, state = CASE WHEN id % 300 = 0 THEN "
            "'resolved' WHEN id % 300 = 100 THEN 'rejected' ELSE state END WHERE id % 100 = 0"
        )
    finally:
        for name in TRIGGERS:
            pg.execute(f"ALTER TABLE ticket ENABLE TRIGGER {name}")
    pg.execute("ANALYZE ticket")
    print(
        f"tree made: 1 head office, {districts} districts, {len(stations)} stations, "
        f"{len(wards)} wards spread over them, in {time.perf_counter() - started:.0f} s"
    )


def _unit(pg, name, parent, level, parent_path) -> tuple[int, str]:
    unit = pg.execute(
        "INSERT INTO org_unit (name, level_name, parent_id, path, depth, appellate, country, "
        "working_days, opens_at, closes_at, active) VALUES (%s, %s, %s, '/', %s, false, 'IN', "
        "'012345', '10:00', '18:00', true) RETURNING id",
        (name, level, parent, parent_path.count("/") - 1),
    ).fetchone()[0]
    path = f"{parent_path}{unit}/"
    pg.execute("UPDATE org_unit SET path = %s WHERE id = %s", (path, unit))
    return unit, path


def busiest_unit(pg) -> tuple[int, int]:
    """The unit one level below a root holding the most tickets in its subtree, its depth."""
    unit, depth = pg.execute(
        "WITH held AS (SELECT org_unit_id, count(*) AS n FROM ticket GROUP BY 1) "
        "SELECT district.id, district.depth FROM held JOIN org_unit unit ON unit.id = "
        "held.org_unit_id JOIN org_unit district ON district.depth = 1 AND unit.path LIKE "
        "district.path || '%' GROUP BY 1, 2 ORDER BY sum(held.n) DESC LIMIT 1"
    ).fetchone()
    return unit, depth
