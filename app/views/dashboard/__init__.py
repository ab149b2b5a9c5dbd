"""Supervisors' live dashboard: tickets by category, ward, channel, kind and SLA; CSV.

The dashboard module (views); its manifest is app/manifests/dashboard.py."""
