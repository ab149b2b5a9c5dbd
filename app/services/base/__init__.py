"""Shared base: home page, language switch, staff users, health check, errors.

The base module (services); its manifest is app/manifests/base.py."""
