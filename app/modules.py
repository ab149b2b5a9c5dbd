"""The module registry: each capability declares itself in a small manifest (Odoo style).

`ENABLED_MODULES` picks what a deployment runs. A disabled module contributes no menu, route,
API, role row or job; a module whose dependency is not enabled refuses to start.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

import app.manifests


def N_(text: str) -> str:
    """Marks a menu label for translation; FAB translates it when it draws the menu."""
    return text


@dataclass(frozen=True)
class Menu:
    """One admin view with its menu entry; `view` is "package.module:Class"."""

    label: str
    category: str
    view: str
    icon: str = "fa-list"


@dataclass(frozen=True)
class Manifest:
    name: str
    summary: str
    depends: tuple[str, ...] = ()
    models: tuple[str, ...] = ()  # modules that define the SQLAlchemy models
    menus: tuple[Menu, ...] = ()
    views: tuple[str, ...] = ()  # menu-less FAB views and REST APIs ("module:Class")
    blueprints: tuple[str, ...] = ()  # plain Flask blueprints ("module:bp")
    access: str | None = None  # role x model x permission CSV under app/security/access/
    rules: str | None = None  # row rules: "module:RULES"
    jobs: tuple[str, ...] = ()  # RQ job functions ("module:function")
    periodic: tuple[tuple[str, int], ...] = ()  # (job, every N seconds), run by the workers
    commands: tuple[str, ...] = ()  # click groups or commands ("module:cli")
    always: bool = False  # the shared base is part of every deployment


class ModuleError(RuntimeError):
    """A deployment asked for a module that is unknown or lacks a dependency."""


def available() -> dict[str, Manifest]:
    """Every manifest under app/manifests/, by name."""
    found = {}
    for info in pkgutil.iter_modules(app.manifests.__path__):
        manifest = importlib.import_module(f"app.manifests.{info.name}").MANIFEST
        found[manifest.name] = manifest
    return found


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
    return ordered


def load(target: str):
    """Import "package.module:attribute"."""
    module_name, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module_name), attribute)
