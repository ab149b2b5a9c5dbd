"""The module registry: each capability declares itself in a small manifest (Odoo style).

`ENABLED_MODULES` picks what a deployment runs. A disabled module contributes no menu, route,
API, role row, job or addition; a module whose dependency is not enabled refuses to start.
Manifests come from app/manifests/ and from installed packages' `janseva.modules` entry points
(docs/MODULES.md). A module from outside the tree keeps its files under its manifest's `root`:
the access table, its own Alembic branch (`migrations`) and its catalogs (`translations`).

What one module adds to another (a panel on the ticket page, a message sender, a hook run when
a payment arrives) is an `Addition` in the adding module's manifest, at a point the other
module offers in `points`; the offering module reads them with `additions(point)`, and only
the enabled modules' additions are there.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from importlib.metadata import entry_points

from flask import current_app

from app.core.manifest import N_, Addition, Manifest, Menu

__all__ = ["N_", "Addition", "Manifest", "Menu", "ModuleError", "additions", "enabled"]
ENTRY_POINTS = (
    "janseva.modules"  # an installed package's manifest: "name = package.manifest:MANIFEST"
)


class ModuleError(RuntimeError):
    """A deployment asked for a module that is unknown or lacks a dependency."""


def available() -> dict[str, Manifest]:
    """Every manifest: the tree's own (app/manifests/) and installed packages', by name."""
    found: dict[str, Manifest] = {}
    package = importlib.import_module("app.manifests")  # by name: manifests import this module
    for info in pkgutil.iter_modules(package.__path__):
        manifest = importlib.import_module(f"app.manifests.{info.name}").MANIFEST
        found[manifest.name] = manifest
    origins = dict.fromkeys(found, "JanSeva itself")
    for point in sorted(entry_points(group=ENTRY_POINTS), key=lambda p: (p.name, p.value)):
        manifest = point.load()
        if manifest.name in found:
            raise ModuleError(
                f"Module '{manifest.name}' from {point.value} has the name of a module "
                f"{origins[manifest.name]} already has; give it another name."
            )
        _check_outside(point.name, point.value, manifest)
        found[manifest.name] = manifest
        origins[manifest.name] = point.value
    return found


def _check_outside(entry_name: str, source: str, manifest: Manifest) -> None:
    """A module from an installed package names itself as its entry point does, and has the
    folders its manifest names under its `root`; one that declares models has migrations."""
    name = manifest.name
    if entry_name != name:
        raise ModuleError(
            f"Module '{name}' from {source} is installed under the entry point name "
            f"'{entry_name}'; the two must be the same."
        )
    if not manifest.root or not os.path.isdir(manifest.root):
        raise ModuleError(
            f"Module '{name}' from {source} has no root folder ({manifest.root!r}); set "
            "root=os.path.dirname(os.path.abspath(__file__)) in its manifest."
        )
    if manifest.models and not manifest.migrations:
        raise ModuleError(
            f"Module '{name}' from {source} declares models but no migrations folder: its tables "
            "would never be created. Name its Alembic branch's folder in `migrations`."
        )
    for field, what, exists in (
        ("migrations", "migrations folder", os.path.isdir),
        ("translations", "translations folder", os.path.isdir),
        ("access", "access table", os.path.isfile),
    ):
        relative = getattr(manifest, field)
        if relative and not exists(os.path.join(manifest.root, relative)):
            path = os.path.join(manifest.root, relative)
            raise ModuleError(f"Module '{name}' from {source}: its {what} {path} is missing.")
    if manifest.migrations and not revisions(manifest):
        raise ModuleError(
            f"Module '{name}' from {source}: its migrations folder "
            f"{os.path.join(manifest.root, manifest.migrations)} holds no revision."
        )


def revisions(manifest: Manifest) -> list[str]:
    """The revision files of an outside module's own Alembic branch."""
    folder = os.path.join(manifest.root, manifest.migrations)
    return sorted(f for f in os.listdir(folder) if f.endswith(".py") and f != "__init__.py")


def outside_folder(manifest: Manifest, field: str) -> str | None:
    """The absolute folder of an outside module's `migrations` or `translations`; None for the
    tree's own modules and for a module without one."""
    relative = getattr(manifest, field)
    return os.path.join(manifest.root, relative) if manifest.root and relative else None


def resolve(enabled: list[str], known: dict[str, Manifest] | None = None) -> list[Manifest]:
    """The enabled manifests in dependency order; refuse unknown names and missing dependencies."""
    known = available() if known is None else known
    names = [n for n in enabled if n] or sorted(known)  # nothing named: every module
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ModuleError(
            f"Unknown module(s) in ENABLED_MODULES: {', '.join(unknown)}. "
            f"Known modules: {', '.join(sorted(known))}."
        )
    chosen = {n for n in names} | {m.name for m in known.values() if m.always}
    for name in sorted(chosen):
        missing = [d for d in known[name].depends if d not in chosen]
        if missing:
            raise ModuleError(
                f"Module '{name}' depends on {', '.join(repr(d) for d in missing)}, "
                f"which is not enabled. Add it to ENABLED_MODULES or disable '{name}'."
            )
    ordered: list[Manifest] = []

    def visit(name: str, path: tuple[str, ...] = ()) -> None:
        if name in path:
            raise ModuleError(f"Circular module dependency: {' -> '.join(path + (name,))}")
        if any(m.name == name for m in ordered):
            return
        for dep in known[name].depends:
            visit(dep, path + (name,))
        ordered.append(known[name])

    for name in sorted(chosen, key=lambda n: (not known[n].always, n)):
        visit(name)
    for manifest in ordered:
        _check_additions(manifest, known)
    return ordered


def _check_additions(manifest: Manifest, known: dict[str, Manifest]) -> None:
    """An addition names a point some module offers (a typo would be silently unused). The
    offering module need not be a dependency: the payments module adds its tile to the
    portal's start page, used only where the portal is on too."""
    for addition in manifest.adds:
        owner, _, point = addition.point.partition(".")
        if owner not in known or point not in known[owner].points:
            offered = sorted(f"{m.name}.{p}" for m in known.values() for p in m.points)
            raise ModuleError(
                f"Module '{manifest.name}' adds {addition.target} at '{addition.point}', which "
                f"no module offers. Offered: {', '.join(offered) or 'none'}."
            )


def load(target: str):
    """Import "package.module:attribute"."""
    module_name, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def enabled(name: str) -> bool:
    """Whether the running deployment has module `name` on."""
    return name in current_app.config["JANSEVA_MODULES"]


def enabled_manifests() -> list[Manifest]:
    """The running deployment's manifests in dependency order."""
    return current_app.extensions["janseva_modules"]


def additions(point: str) -> dict[str, object]:
    """What the enabled modules add at `point` ("module.point"), by key, in dependency order."""
    cache = current_app.extensions.setdefault("janseva_additions", {})
    if point not in cache:
        cache[point] = {
            addition.key: load(addition.target)
            for manifest in enabled_manifests()
            for addition in manifest.adds
            if addition.point == point
        }
    return cache[point]
