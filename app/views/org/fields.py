"""The editable fields of each organisation record: one list for the screen and the API."""

NAMES = ["name", "name_hi", "name_bn", "name_fa"]
DESCRIPTIONS = ["description", "description_hi", "description_bn", "description_fa"]
SLA = ["first_response_minutes", "primary_action_minutes", "resolution_hours"]

DEPARTMENT = ["code", *NAMES, "contact_phone", "contact_email", "supervisor", "active"]
WARD = ["number", *NAMES, "zone", "latitude", "longitude", "boundary_geojson"]
OFFICER = ["user", "department", "wards", "phone", "language", "available"]
CATEGORY = ["code", *NAMES, *DESCRIPTIONS, "department", "kind", *SLA, "active"]
