"""What each demo user may see of the organisation: the one table every scope test reads."""

from app.services.org import demo_tree

ALL_DEPARTMENTS = {"WATER", "ROADS", "SANIT", "ELEC", "REV", "POLICE", "POST"}
DEMO_WARDS = set(range(1, 13))
# Wards are seen by every role but the postmen, so a role sees each ward in the table: the
# demo's and those other tests add (a bill run bills a ward of its own, and its payments'
# history is append-only, so that ward stays). Resolved when a test reads the table.
EVERY_WARD = "every ward in the table"
# the first demo's officers, and those at the trees' police stations and ward offices
ALL_OFFICERS = {"officer_water", "postman1", "postman2", *demo_tree.officer_logins()}
ALL_CATEGORIES = {
    "DRAIN",
    "WATER-SUPPLY",
    "POTHOLE",
    "STREETLIGHT",
    "GARBAGE",
    "HOLDING-TAX",
    "TRADE-LICENCE",
    "POLICE-HELP",
    "CITY-IDEA",
    "POSTAL-DELIVERY",
    "OTHER",
}
NO_ACCESS = None  # the role has no read permission on the model at all

# user -> model -> the rows they see (departments and categories by code, wards by number,
# officers by login)
VISIBLE = {
    "admin": {
        "department": ALL_DEPARTMENTS,
        "ward": EVERY_WARD,
        "officer": ALL_OFFICERS,
        "category": ALL_CATEGORIES,
    },
    "supervisor": {
        "department": ALL_DEPARTMENTS,
        "ward": EVERY_WARD,
        "officer": ALL_OFFICERS,
        "category": ALL_CATEGORIES,
    },
    "auditor": {
        "department": ALL_DEPARTMENTS,
        "ward": EVERY_WARD,
        "officer": ALL_OFFICERS,
        "category": ALL_CATEGORIES,
    },
    "clerk_water": {
        "department": {"WATER"},
        "ward": EVERY_WARD,
        "officer": {"officer_water"},
        "category": {"DRAIN", "WATER-SUPPLY"},
    },
    "clerk_roads": {
        "department": {"ROADS"},
        "ward": EVERY_WARD,
        "officer": set(),
        "category": {"POTHOLE"},
    },
    "officer_water": {
        "department": {"WATER"},
        "ward": EVERY_WARD,
        "officer": {"officer_water"},
        "category": {"DRAIN", "WATER-SUPPLY"},
    },
    "counter": {
        "department": {"POST"},
        "ward": EVERY_WARD,
        "officer": {"postman1", "postman2"},
        "category": NO_ACCESS,
    },
    "postman1": {
        "department": {"POST"},
        "ward": set(range(1, 7)),
        "officer": {"postman1"},
        "category": NO_ACCESS,
    },
    "postman2": {
        "department": {"POST"},
        "ward": set(range(7, 13)),
        "officer": {"postman2"},
        "category": NO_ACCESS,
    },
}

# How each model's rows are named in answers: API field, and the view's URL prefix.
KEYS = {"department": "code", "ward": "number", "officer": "user.username", "category": "code"}
VIEWS = {
    "department": "departmentview",
    "ward": "wardview",
    "officer": "officerview",
    "category": "categoryview",
}
CASES = [(user, model) for user in VISIBLE for model in KEYS]
