"""The organisation: its tree of units with calendars, departments, wards, officers, complaint
categories and their SLA policy.

The org module (services); its manifest is app/manifests/org.py."""
