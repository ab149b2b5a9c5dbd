"""The organisation's demo records: departments, wards and categories in four languages, staff
users of the roles the enabled modules give rights to (password DEMO_PASSWORD), and the police
and municipal trees with their logins and SLA policy (demo_tree, demo_policy)."""

from flask import current_app

from app.extensions import db
from app.models.org import Category, CategoryKind, Department, Officer, Ward
from app.security.roles import ensure_roles
from app.services.base.demo import upsert
from app.services.org import demo_policy, demo_tree

DEPARTMENTS = [
    ("WATER", "Water & Drainage", "जल एवं जल निकासी", "পানি ও পয়ঃনিষ্কাশন", "آب و فاضلاب"),
    ("ROADS", "Roads", "सड़कें", "সড়ক", "راه‌ها"),
    ("SANIT", "Sanitation", "स्वच्छता", "পরিচ্ছন্নতা", "بهداشت شهری"),
    ("ELEC", "Electricity", "बिजली", "বিদ্যুৎ", "برق"),
    ("REV", "Revenue", "राजस्व", "রাজস্ব", "درآمد"),
    ("POLICE", "Police", "पुलिस", "পুলিশ", "پلیس"),
    ("POST", "Post Office", "डाकघर", "ডাকঘর", "اداره پست"),
]

# number, English, Hindi, Bengali, Persian, zone, latitude, longitude
WARDS = [
    (1, "Rajwada", "राजवाड़ा", "রাজওয়াড়া", "راجواده", "Central", 22.7185, 75.8553),
    (2, "Palasia", "पलासिया", "পলাসিয়া", "پالاسیا", "Central", 22.7244, 75.8839),
    (3, "Vijay Nagar", "विजय नगर", "বিজয় নগর", "ویجای نگر", "North", 22.7533, 75.8937),
    (4, "Sukhliya", "सुखलिया", "সুখলিয়া", "سوخلیا", "North", 22.7602, 75.8715),
    (5, "Bhawarkuan", "भंवरकुआं", "ভঁওয়ারকুয়াঁ", "بهاورکوان", "South", 22.6936, 75.8675),
    (6, "Rau", "राऊ", "রাউ", "رائو", "South", 22.6366, 75.8118),
    (7, "Annapurna", "अन्नपूर्णा", "অন্নপূর্ণা", "آناپورنا", "South", 22.6948, 75.8276),
    (8, "Sudama Nagar", "सुदामा नगर", "সুদামা নগর", "سوداما نگر", "South", 22.6989, 75.8169),
    (9, "Khajrana", "खजराना", "খজরানা", "خجرانا", "North", 22.7352, 75.9080),
    (10, "Bicholi", "बिचौली", "বিচৌলি", "بیچولی", "Central", 22.7095, 75.9268),
    (11, "Malharganj", "मल्हारगंज", "মলহারগঞ্জ", "ملهارگنج", "Central", 22.7200, 75.8405),
    (12, "Banganga", "बाणगंगा", "বাণগঙ্গা", "بانگانگا", "North", 22.7530, 75.8460),
]

# code, department, kind, English, Hindi, Bengali, Persian, SLA (first response min, action min, h)
CATEGORIES = [
    (
        "DRAIN",
        "WATER",
        CategoryKind.complaint,
        "Blocked drain",
        "नाली जाम",
        "নালা বন্ধ",
        "گرفتگی جوی و فاضلاب",
        (30, 240, 24),
    ),
    (
        "WATER-SUPPLY",
        "WATER",
        CategoryKind.complaint,
        "No water supply",
        "पानी की आपूर्ति नहीं",
        "পানি সরবরাহ নেই",
        "قطع آب",
        (30, 180, 12),
    ),
    (
        "POTHOLE",
        "ROADS",
        CategoryKind.complaint,
        "Pothole",
        "सड़क में गड्ढा",
        "রাস্তায় গর্ত",
        "چاله در خیابان",
        (60, 1440, 72),
    ),
    (
        "STREETLIGHT",
        "ELEC",
        CategoryKind.complaint,
        "Streetlight not working",
        "स्ट्रीट लाइट बंद",
        "রাস্তার বাতি জ্বলছে না",
        "خرابی چراغ معابر",
        (60, 720, 48),
    ),
    (
        "GARBAGE",
        "SANIT",
        CategoryKind.complaint,
        "Garbage not collected",
        "कचरा नहीं उठाया गया",
        "ময়লা সংগ্রহ হয়নি",
        "جمع‌آوری نشدن زباله",
        (30, 360, 24),
    ),
    (
        "HOLDING-TAX",
        "REV",
        CategoryKind.query,
        "Holding tax query",
        "संपत्ति कर संबंधी प्रश्न",
        "হোল্ডিং ট্যাক্স সংক্রান্ত প্রশ্ন",
        "پرسش درباره عوارض نوسازی",
        (120, 1440, 72),
    ),
    (
        "TRADE-LICENCE",
        "REV",
        CategoryKind.request,
        "Trade licence request",
        "व्यापार लाइसेंस आवेदन",
        "ট্রেড লাইসেন্সের আবেদন",
        "درخواست پروانه کسب",
        (120, 2880, 168),
    ),
    (
        "POLICE-HELP",
        "POLICE",
        CategoryKind.complaint,
        "Police help needed",
        "पुलिस सहायता चाहिए",
        "পুলিশের সাহায্য প্রয়োজন",
        "درخواست کمک پلیس",
        (2, 5, 24),
    ),
    (
        "CITY-IDEA",
        "SANIT",
        CategoryKind.suggestion,
        "Suggestion for the city",
        "शहर के लिए सुझाव",
        "শহরের জন্য পরামর্শ",
        "پیشنهاد برای شهر",
        (1440, 4320, 336),
    ),
    (
        "POSTAL-DELIVERY",
        "POST",
        CategoryKind.complaint,
        "Postal delivery problem",
        "डाक वितरण में समस्या",
        "ডাক বিলিতে সমস্যা",
        "مشکل در توزیع مرسوله",
        (120, 1440, 72),
    ),
    (
        "OTHER",  # e-mail and X posts that name no category land here to be sorted
        "REV",
        CategoryKind.complaint,
        "Other complaint",
        "अन्य शिकायत",
        "অন্যান্য অভিযোগ",
        "سایر شکایت‌ها",
        (60, 1440, 72),
    ),
]

# username, first, last, role, department code, officer wards (None: no officer record)
USERS = [
    ("admin", "Asha", "Verma", "Admin", None, None),
    ("supervisor", "Rakesh", "Sharma", "Supervisor", None, None),
    ("clerk_water", "Meena", "Joshi", "Clerk", "WATER", None),
    ("clerk_roads", "Farhan", "Ali", "Clerk", "ROADS", None),
    ("officer_water", "Sunil", "Yadav", "Officer", "WATER", range(1, 7)),
    ("counter", "Rupa", "Das", "Counter", "POST", None),
    ("postman1", "Ramesh", "Patel", "Postman", "POST", range(1, 7)),
    ("postman2", "Karim", "Hossain", "Postman", "POST", range(7, 13)),
    ("auditor", "Shirin", "Karimi", "Auditor", None, None),
]


def load() -> dict:
    roles = ensure_roles()
    departments = {
        code: upsert(
            Department, {"code": code}, name=en, name_hi=hi, name_bn=bn, name_fa=fa, active=True
        )
        for code, en, hi, bn, fa in DEPARTMENTS
    }
    wards = {
        number: upsert(
            Ward,
            {"number": number},
            name=en,
            name_hi=hi,
            name_bn=bn,
            name_fa=fa,
            zone=zone,
            latitude=lat,
            longitude=lon,
        )
        for number, en, hi, bn, fa, zone, lat, lon in WARDS
    }
    categories = {}
    for code, dept, kind, en, hi, bn, fa, (first, action, hours) in CATEGORIES:
        categories[code] = upsert(
            Category,
            {"code": code},
            name=en,
            name_hi=hi,
            name_bn=bn,
            name_fa=fa,
            description=en,
            department=departments[dept],
            kind=kind,
            first_response_minutes=first,
            primary_action_minutes=action,
            resolution_hours=hours,
            active=True,
        )
    db.session.flush()
    users = load_users(roles, departments, wards)
    supervisor = users["supervisor"]
    for department in departments.values():
        department.supervisor = department.supervisor or supervisor
    units = demo_tree.load(departments, wards)
    users |= demo_tree.load_users(units, roles, departments, _officer)
    policy = demo_policy.load(categories, units)
    db.session.commit()
    return {
        "departments": len(departments),
        "wards": len(wards),
        "categories": len(CATEGORIES),
        "users": len(users),
        "org units": len(units),
        **policy,
    }


def load_users(roles, departments, wards) -> dict:
    sm = current_app.appbuilder.sm
    password = current_app.config["DEMO_PASSWORD"]
    users = {}
    granted = current_app.config["FAB_ROLES"]  # the roles the enabled modules give rights to
    for username, first, last, role, dept, beat in USERS:
        if role != "Admin" and role not in granted:
            continue  # no postman in a police control room
        user = sm.find_user(username=username)
        if user is None:
            user = sm.add_user(
                username, first, last, f"{username}@janseva.example", roles[role], password=password
            )
        user.department = departments.get(dept)
        users[username] = user
        if beat is not None:
            _officer(user, departments[dept], None, [wards[n] for n in beat])
    return users


def _officer(user, department, unit, beat) -> Officer:
    """The officer record of a field login; `unit` their station or ward office (None: the
    first demo's officers, whose unit the trees leave as it was)."""
    values = {"org_unit_id": unit.id} if unit is not None else {}
    return upsert(
        Officer,
        {"user_id": user.id},
        department=department,
        wards=beat,
        language="hi",
        available=True,
        phone=f"+9198765{user.id:05d}",
        **values,
    )
