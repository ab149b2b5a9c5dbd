"""The demo's two organisation trees, in four languages: a police one (headquarters → three
districts → two police stations each) and a municipal one (corporation → zones → the demo
wards' ward offices), with a head at every level, officers at stations and ward offices, an
HQ desk operator watching two districts, and the units' calendars (Madhya Pradesh)."""

from datetime import time

from flask import current_app
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models.org import OrgUnit, Ward
from app.services.base.demo import upsert
from app.services.org import tree

# level names: English, Hindi, Bengali, Persian
HEADQUARTERS = ("Headquarters", "मुख्यालय", "সদর দপ্তর", "ستاد مرکزی")
DISTRICT = ("District", "ज़िला", "জেলা", "شهرستان")
STATION = ("Police station", "थाना", "থানা", "کلانتری")
CORPORATION = ("Municipal corporation", "नगर निगम", "সিটি কর্পোরেশন", "شهرداری")
ZONE = ("Zone", "ज़ोन", "অঞ্চল", "منطقه")
WARD_OFFICE = ("Ward office", "वार्ड कार्यालय", "ওয়ার্ড কার্যালয়", "دفتر ناحیه")

POLICE_HQ = (
    "Police Headquarters, Bhopal",
    "पुलिस मुख्यालय, भोपाल",
    "পুলিশ সদর দপ্তর, ভোপাল",
    "ستاد پلیس، بوپال",
)
# key, names, stations (key, names)
DISTRICTS = [
    (
        "indore",
        ("Indore district", "ज़िला इंदौर", "ইন্দোর জেলা", "شهرستان ایندور"),
        [
            (
                "vijaynagar",
                ("Vijay Nagar police station", "थाना विजय नगर", "বিজয় নগর থানা", "کلانتری ویجای نگر"),
            ),
            ("palasia", ("Palasia police station", "थाना पलासिया", "পলাসিয়া থানা", "کلانتری پالاسیا")),
        ],
    ),
    (
        "bhopal",
        ("Bhopal district", "ज़िला भोपाल", "ভোপাল জেলা", "شهرستان بوپال"),
        [
            (
                "ttnagar",
                ("TT Nagar police station", "थाना टीटी नगर", "টিটি নগর থানা", "کلانتری تی‌تی نگر"),
            ),
            (
                "habibganj",
                ("Habibganj police station", "थाना हबीबगंज", "হাবিবগঞ্জ থানা", "کلانتری حبیب‌گنج"),
            ),
        ],
    ),
    (
        "ujjain",
        ("Ujjain district", "ज़िला उज्जैन", "উজ্জয়িনী জেলা", "شهرستان اوجین"),
        [
            ("mahakal", ("Mahakal police station", "थाना महाकाल", "মহাকাল থানা", "کلانتری مهاکال")),
            (
                "nanakheda",
                ("Nanakheda police station", "थाना नानाखेड़ा", "নানাখেড়া থানা", "کلانتری ناناکهدا"),
            ),
        ],
    ),
]
CORPORATION_NAMES = (
    "Indore Municipal Corporation",
    "इंदौर नगर निगम",
    "ইন্দোর সিটি কর্পোরেশন",
    "شهرداری ایندور",
)
# the wards' `zone` -> the zone's names
ZONES = {
    "North": ("North zone", "उत्तर ज़ोन", "উত্তর অঞ্চল", "منطقه شمال"),
    "Central": ("Central zone", "मध्य ज़ोन", "মধ্য অঞ্চল", "منطقه مرکزی"),
    "South": ("South zone", "दक्षिण ज़ोन", "দক্ষিণ অঞ্চল", "منطقه جنوب"),
}
POLICE_DEPARTMENTS = ("POLICE",)
MUNICIPAL_DEPARTMENTS = ("WATER", "ROADS", "SANIT", "ELEC", "REV")

# Indore is in Madhya Pradesh: its public holidays, offices Monday to Saturday 10:00-18:00;
# police stations never close (their categories run round the clock).
MUNICIPAL_CALENDAR = {"country": "IN", "subdivision": "MP", "working_days": "012345"}
POLICE_CALENDAR = {"country": "IN", "subdivision": "MP", "working_days": "0123456"}

# username, first name, last name, role, the unit they head (None: none), the units they
# work for; an officer's department (None: not an officer). Password DEMO_PASSWORD.
POLICE_USERS = [
    ("police_hq", "Vivek", "Mishra", "Clerk", "police", ["police"], None),
    ("hq_desk1", "Pooja", "Tiwari", "Clerk", None, ["district:indore", "district:bhopal"], None),
    ("sp_indore", "Arvind", "Chouhan", "Clerk", "district:indore", ["district:indore"], None),
    ("sp_bhopal", "Neha", "Saxena", "Clerk", "district:bhopal", ["district:bhopal"], None),
    ("sp_ujjain", "Imran", "Qureshi", "Clerk", "district:ujjain", ["district:ujjain"], None),
]
STATION_PEOPLE = {  # station -> (head: first, last), (officer: first, last)
    "vijaynagar": (("Deepak", "Rathore"), ("Ravi", "Thakur")),
    "palasia": (("Kavita", "Sisodia"), ("Sunita", "Meena")),
    "ttnagar": (("Manoj", "Dubey"), ("Ajay", "Pandey")),
    "habibganj": (("Salma", "Khan"), ("Farida", "Ansari")),
    "mahakal": (("Rajendra", "Parmar"), ("Gopal", "Malviya")),
    "nanakheda": (("Anil", "Jain"), ("Prakash", "Solanki")),
}
MUNICIPAL_USERS = [
    ("commissioner", "Shalini", "Agrawal", "Clerk", "corporation", ["corporation"], None),
    ("zone_north", "Harish", "Bhatia", "Clerk", "zone:North", ["zone:North"], None),
    ("zone_central", "Rekha", "Gupta", "Clerk", "zone:Central", ["zone:Central"], None),
    ("zone_south", "Naveen", "Soni", "Clerk", "zone:South", ["zone:South"], None),
]
# ward number -> ward officer (the office's head), sanitary inspector (its officer)
WARD_PEOPLE = {
    1: (("Suresh", "Malik"), ("Lalita", "Bairagi")),
    2: (("Geeta", "Rawat"), ("Mohan", "Chawla")),
    3: (("Vinod", "Kushwaha"), ("Asma", "Sheikh")),
    4: (("Pradeep", "Nagar"), ("Seema", "Dhakad")),
    5: (("Usha", "Choudhary"), ("Kamal", "Yadav")),
    6: (("Yusuf", "Mansuri"), ("Radha", "Patidar")),
    7: (("Sanjay", "Vyas"), ("Nisha", "Bhargava")),
    8: (("Anjali", "Kothari"), ("Rohit", "Dangi")),
    9: (("Tariq", "Siddiqui"), ("Pallavi", "Mandloi")),
    10: (("Mukesh", "Goyal"), ("Jyoti", "Raikwar")),
    11: (("Hemlata", "Lodhi"), ("Dinesh", "Ahirwar")),
    12: (("Bharat", "Khandelwal"), ("Shabnam", "Bano")),
}


def users() -> list[tuple]:
    """Every login the trees add, with its role, the unit it heads, its units, its department."""
    rows = list(POLICE_USERS)
    for _district, _names, stations in DISTRICTS:
        for key, _station in stations:
            (head_first, head_last), (first, last) = STATION_PEOPLE[key]
            unit = f"station:{key}"
            rows.append((f"sho_{key}", head_first, head_last, "Clerk", unit, [unit], None))
            rows.append((f"si_{key}", first, last, "Officer", None, [unit], "POLICE"))
    rows += MUNICIPAL_USERS
    for number, ((head_first, head_last), (first, last)) in WARD_PEOPLE.items():
        unit = f"ward:{number}"
        rows.append((f"ward_officer_{number}", head_first, head_last, "Clerk", unit, [unit], None))
        rows.append((f"ward_inspector_{number}", first, last, "Officer", None, [unit], "SANIT"))
    return rows


def officer_logins() -> set[str]:
    return {username for username, *_rest, department in users() if department}


def load(departments: dict, wards: dict) -> dict[str, OrgUnit]:
    """Both trees, their departments' offices and the wards' ward offices; the units by key."""
    units = {"police": _unit(None, POLICE_HQ, HEADQUARTERS, POLICE_CALENDAR, appellate=True)}
    for key, names, stations in DISTRICTS:
        district = _unit(units["police"], names, DISTRICT, POLICE_CALENDAR, appellate=True)
        units[f"district:{key}"] = district
        for station_key, station in stations:
            units[f"station:{station_key}"] = _unit(district, station, STATION, POLICE_CALENDAR)
    corporation = _unit(None, CORPORATION_NAMES, CORPORATION, MUNICIPAL_CALENDAR, appellate=True)
    units["corporation"] = corporation
    for ward in sorted(wards.values(), key=lambda w: w.number):
        zone_key = f"zone:{ward.zone}"
        if zone_key not in units:
            names = ZONES.get(ward.zone) or (ward.zone,) * 4
            units[zone_key] = _unit(corporation, names, ZONE, MUNICIPAL_CALENDAR, appellate=True)
        office = _unit(units[zone_key], _ward_office_names(ward), WARD_OFFICE, MUNICIPAL_CALENDAR)
        units[f"ward:{ward.number}"] = office
        ward.org_unit_id = office.id
    for code in POLICE_DEPARTMENTS:
        departments[code].org_unit_id = units["police"].id
    for code in MUNICIPAL_DEPARTMENTS:
        departments[code].org_unit_id = corporation.id
    return units


def load_users(units: dict, roles: dict, departments: dict, officer) -> dict:
    """The trees' logins: heads (OrgUnit.head), the units each works for (StaffUser.org_units)
    and officer records at their station or ward office. `officer(user, department, unit,
    wards)` writes an officer record as the organisation demo does."""
    sm = current_app.appbuilder.sm
    granted = current_app.config["FAB_ROLES"]
    made, hashed = {}, None
    for username, first, last, role, heads, works_for, department in users():
        if role not in granted:
            continue
        user = sm.find_user(username=username)
        if user is None:
            hashed = hashed or _demo_password_hash()
            email = f"{username}@janseva.example"
            user = sm.add_user(username, first, last, email, roles[role], hashed_password=hashed)
        user.department = departments[department] if department else None
        user.org_units = [units[key] for key in works_for]
        if heads:
            units[heads].head_id = user.id
        if department:
            unit = units[works_for[0]]
            beat = db.session.query(Ward).filter_by(org_unit_id=unit.id).all()
            officer(user, departments[department], unit, beat)
        made[username] = user
    return made


def _demo_password_hash() -> str:
    """DEMO_PASSWORD hashed once for all the trees' logins (they share it anyway): a hash takes
    half a second on a small machine, and the trees add dozens of logins."""
    config = current_app.config
    return generate_password_hash(
        config["DEMO_PASSWORD"],
        method=config.get("FAB_PASSWORD_HASH_METHOD", "scrypt"),
        salt_length=config.get("FAB_PASSWORD_HASH_SALT_LENGTH", 16),
    )


def _unit(parent, names, level, calendar, appellate=False) -> OrgUnit:
    en, hi, bn, fa = names
    level_en, level_hi, level_bn, level_fa = level
    unit = upsert(
        OrgUnit,
        {"name": en, "parent_id": parent.id if parent else None},
        name_hi=hi,
        name_bn=bn,
        name_fa=fa,
        level_name=level_en,
        level_name_hi=level_hi,
        level_name_bn=level_bn,
        level_name_fa=level_fa,
        appellate=appellate,
        opens_at=time(10, 0),
        closes_at=time(18, 0),
        active=True,
        **calendar,
    )
    tree.place(unit)
    return unit


def _ward_office_names(ward: Ward) -> tuple:
    return (
        f"{ward.name} ward office",
        f"{ward.name_hi} वार्ड कार्यालय",
        f"{ward.name_bn} ওয়ার্ড কার্যালয়",
        f"دفتر ناحیه {ward.name_fa}",
    )
