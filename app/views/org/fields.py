"""The editable fields of each organisation record: one list for the screen and the API."""

NAMES = ["name", "name_hi", "name_bn", "name_fa"]
DESCRIPTIONS = ["description", "description_hi", "description_bn", "description_fa"]
SLA = ["first_response_minutes", "primary_action_minutes", "resolution_hours"]

LEVEL_NAMES = ["level_name", "level_name_hi", "level_name_bn", "level_name_fa"]
CALENDAR = ["country", "subdivision", "timezone", "working_days", "opens_at", "closes_at"]

DEPARTMENT = [
    "code",
    *NAMES,
    "contact_phone",
    "contact_email",
    "supervisor",
    "org_unit",
    "active",
]
WARD = ["number", *NAMES, "zone", "org_unit", "latitude", "longitude", "boundary_geojson"]
OFFICER = ["user", "department", "org_unit", "wards", "phone", "language", "available"]
CATEGORY = ["code", *NAMES, *DESCRIPTIONS, "department", "kind", "clock", *SLA, "active"]
ORG_UNIT = ["parent", *NAMES, *LEVEL_NAMES, "head", "appellate", *CALENDAR, "active"]
HOLIDAY = ["org_unit", "day", "name"]
PRIORITY_TARGET = [
    "category",
    "priority",
    "first_response_minutes",
    "primary_action_minutes",
    "resolution_minutes",
]
LADDER_STEP = ["category", "level", "minutes"]
