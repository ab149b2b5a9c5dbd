"""The organisation: departments, wards, officers and complaint categories.

The org module (services); its manifest is app/manifests/org.py."""
