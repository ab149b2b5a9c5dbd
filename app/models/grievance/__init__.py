"""The grievance desk: citizens, tickets, routing, SLA deadlines and the timeline.

The grievance module (models); its manifest is app/manifests/grievance.py."""
