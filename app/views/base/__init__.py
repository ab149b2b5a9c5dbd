"""Shared base: home page, language switch, staff users, health check, errors.

The base module (views); its manifest is app/manifests/base.py."""
