"""Thin views: admin ModelViews, REST APIs, public pages. Parse, call a service, render."""
