"""Water tankers: a citizen (on the portal) or a clerk (at the desk) asks for a tanker for a
ward; the request goes to the Water department, whose clerks schedule and deliver it.

A JanSeva module from outside the tree (docs/MODULES.md in JanSeva walks through it): its
manifest is `manifest.MANIFEST`, found through the `janseva.modules` entry point."""
