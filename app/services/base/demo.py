"""Demo organisation and users for `flask --app run demo` (idempotent: run it again freely)."""

from flask import current_app

from app.extensions import db
from app.models.org import Category, CategoryKind, Department, Officer, Ward
from app.security.roles import ensure_roles

# code, English, Hindi, Bengali, Persian
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
    (7, "Annapurna", "अन्नपूर्णा", "অন্নপূর্ণা", "آناپورنا", "West", 22.6948, 75.8276),
    (8, "Sudama Nagar", "सुदामा नगर", "সুদামা নগর", "سوداما نگر", "West", 22.6989, 75.8169),
    (9, "Khajrana", "खजराना", "খজরানা", "خجرانا", "East", 22.7352, 75.9080),
    (10, "Bicholi", "बिचौली", "বিচৌলি", "بیچولی", "East", 22.7095, 75.9268),
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


def _upsert(model, key: dict, **values):
    row = db.session.query(model).filter_by(**key).one_or_none()
    if row is None:
        row = model(**key)
        db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    return row


def load() -> dict:
    roles = ensure_roles()
    departments = {
        code: _upsert(
            Department, {"code": code}, name=en, name_hi=hi, name_bn=bn, name_fa=fa, active=True
        )
        for code, en, hi, bn, fa in DEPARTMENTS
    }
    wards = {
        number: _upsert(
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
    for code, dept, kind, en, hi, bn, fa, (first, action, hours) in CATEGORIES:
        _upsert(
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
    users = _load_users(roles, departments, wards)
    supervisor = users["supervisor"]
    for department in departments.values():
        department.supervisor = department.supervisor or supervisor
    db.session.commit()
    return {
        "departments": len(departments),
        "wards": len(wards),
        "categories": len(CATEGORIES),
        "users": len(users),
    }


def _load_users(roles, departments, wards) -> dict:
    sm = current_app.appbuilder.sm
    password = current_app.config["DEMO_PASSWORD"]
    users = {}
    for username, first, last, role, dept, beat in USERS:
        user = sm.find_user(username=username)
        if user is None:
            user = sm.add_user(
                username, first, last, f"{username}@janseva.example", roles[role], password=password
            )
        user.department = departments.get(dept)
        users[username] = user
        if beat is not None:
            _upsert(
                Officer,
                {"user_id": user.id},
                department=departments[dept],
                wards=[wards[n] for n in beat],
                language="hi",
                available=True,
                phone=f"+9198765{user.id:05d}",
            )
    return users


# category, ward, citizen name, phone, language, channel, description
TICKETS = [
    (
        "DRAIN",
        3,
        "Anita Sharma",
        "+919812345601",
        "hi",
        "walk_in",
        "नाली जाम है, पानी सड़क पर भर गया है",
    ),
    (
        "WATER-SUPPLY",
        1,
        "Rahim Uddin",
        "+8801712345602",
        "bn",
        "phone_call",
        "দুই দিন ধরে পানি আসছে না",
    ),
    ("POTHOLE", 7, "Reza Ahmadi", "+989123456603", "fa", "walk_in", "چاله بزرگ جلوی مدرسه"),
    (
        "STREETLIGHT",
        9,
        "John Mathew",
        "+919812345604",
        "en",
        "phone_call",
        "Streetlight outside house 14 has been off for a week",
    ),
    ("DRAIN", 2, "Anita Sharma", "+919812345601", "hi", "walk_in", "फिर से नाली जाम"),
    ("GARBAGE", 11, "Meera Iyer", "+919812345605", "en", "walk_in", "Garbage not collected"),
]


def load_tickets() -> int:
    """A few tickets so a new desk is not empty (only into an empty desk)."""
    from app.models.grievance.ticket import Ticket
    from app.services.grievance import tickets

    if db.session.query(Ticket.id).first() is not None:
        return 0
    categories = {c.code: c.id for c in db.session.query(Category)}
    wards = {w.number: w.id for w in db.session.query(Ward)}
    for code, ward, name, phone, language, channel, text in TICKETS:
        tickets.create_ticket(
            category_id=categories[code],
            description=text,
            contact={"phone": phone},
            channel=channel,
            ward_id=wards[ward],
            name=name,
            language=language,
        )
    return len(TICKETS)


# article type, up to grams, postage (₹): a demo tariff; the Tariff screen edits the real one
TARIFF = [
    ("registered_letter", 20, "22.00"),
    ("registered_letter", 100, "32.00"),
    ("registered_letter", 500, "52.00"),
    ("speed_post", 50, "41.00"),
    ("speed_post", 500, "77.00"),
    ("speed_post", 2000, "165.00"),
    ("parcel", 1000, "64.00"),
    ("parcel", 5000, "205.00"),
]

# type, beat ward, recipient, address, mobile, language, weight, cash on delivery
ARTICLES = [
    ("speed_post", 2, "Kavita Rao", "12 MG Road, Palasia", "+919812345611", "hi", 300, None),
    (
        "registered_letter",
        3,
        "Imran Khan",
        "7 Scheme 54, Vijay Nagar",
        "+919812345612",
        "en",
        20,
        None,
    ),
    ("parcel", 5, "Sima Rahimi", "22 Bhawarkuan Square", "+989123456613", "fa", 900, "499.00"),
    ("speed_post", 8, "Tania Akter", "4 Sudama Nagar", "+8801712345614", "bn", 150, None),
]


def load_tariff() -> int:
    from decimal import Decimal

    from app.models.postal import Tariff

    for kind, grams, postage in TARIFF:
        _upsert(Tariff, {"article_type": kind, "max_weight_g": grams}, postage=Decimal(postage))
    db.session.commit()
    return len(TARIFF)


def load_articles() -> int:
    """A few booked articles on both beats (only into an empty post office)."""
    from app.models.postal import Article
    from app.services.postal import articles as postal

    if db.session.query(Article.id).first() is not None:
        return 0
    wards = {w.number: w.id for w in db.session.query(Ward)}
    for kind, ward, name, address, mobile, language, grams, cod in ARTICLES:
        fields = {
            "article_type": kind,
            "sender_name": "Indore GPO",
            "recipient_name": name,
            "address": address,
            "mobile": mobile,
            "language": language,
            "ward_id": wards[ward],
            "weight_g": grams,
            "cod_amount": cod,
        }
        postal.book(fields, None)
    return len(ARTICLES)


def loaded() -> bool:
    return current_app.appbuilder.sm.find_user(username="admin") is not None
