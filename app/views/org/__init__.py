"""The organisation: departments, wards, officers and complaint categories.

The org module (views); its manifest is app/manifests/org.py."""
