"""What a module says about itself, Odoo style: one frozen manifest per module, read by
app/modules.py. Dotted targets ("package.module:attribute") are imported only when a deployment
enables the module, so a disabled module's code is never loaded for it."""

from __future__ import annotations

from dataclasses import dataclass


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
class Addition:
    """What a module adds at an extension point another module offers: `point` is
    "module.point", `target` is "package.module:attribute" and `key` tells the additions at
    one point apart (a channel, an event-key prefix, a payment purpose, a record kind)."""

    point: str
    target: str
    key: str = ""


@dataclass(frozen=True)
class Manifest:
    name: str
    summary: str
    depends: tuple[str, ...] = ()
    models: tuple[str, ...] = ()  # modules that define the SQLAlchemy models
    menus: tuple[Menu, ...] = ()
    views: tuple[str, ...] = ()  # menu-less FAB views and REST APIs ("module:Class")
    blueprints: tuple[str, ...] = ()  # plain Flask blueprints ("module:bp")
    access: str | None = None  # role x model x permission CSV (a name under app/security/access/)
    rules: str | None = None  # row rules: "module:RULES"
    jobs: tuple[str, ...] = ()  # RQ job functions ("module:function"), enqueued by dotted name
    periodic: tuple[tuple[str, int], ...] = ()  # (job, every N seconds), run by the workers
    commands: tuple[str, ...] = ()  # click groups or commands ("module:cli")
    demo: str | None = None  # "module:function" adding the module's demo records
    check: str | None = None  # "module:function(config)" refusing to start on a bad setting
    points: tuple[str, ...] = ()  # extension points this module offers to those depending on it
    adds: tuple[Addition, ...] = ()  # what this module adds at other modules' points
    always: bool = False  # the shared base is part of every deployment
    root: str | None = None  # a module from outside the tree: the folder its files sit in
    migrations: str | None = None  # its own Alembic branch, a folder under `root`
    translations: str | None = None  # its own gettext catalogs, a folder under `root`
