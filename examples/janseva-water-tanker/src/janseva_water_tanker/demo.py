"""Demo requests (`flask demo`, after the organisation's wards and departments): a few wards
asking for tankers this week, one already delivered and one taken at the desk."""

from datetime import timedelta

from app.core.clock import utc_now
from app.core.dates import local_day
from app.extensions import db
from app.models.base import StaffUser
from app.models.org import Ward
from app.services.base.demo import upsert
from janseva_water_tanker import tankers
from janseva_water_tanker.models import TankerRequest, TankerStatus

# ward, address, litres, in how many days, mobile, status, taken at the desk by
REQUESTS = [
    (3, "Scheme 54, near the Vijay Nagar square", 10000, 1, "+919812300101", "requested", None),
    (5, "Bhawarkuan main road, behind the bus stop", 5000, 2, "+919812300102", "scheduled", None),
    (9, "Khajrana, lane 4 by the temple", 12000, 0, "+919812300103", "delivered", "clerk_water"),
    (12, "Banganga, Shiv Nagar block B", 6000, 3, "+919812300104", "requested", "clerk_water"),
]


def load() -> dict:
    department = tankers.water_department()
    wards = {ward.number: ward for ward in db.session.query(Ward)}
    today = local_day(utc_now())
    for number, address, litres, days, phone, status, clerk in REQUESTS:
        taken_by = db.session.query(StaffUser).filter_by(username=clerk).one_or_none()
        upsert(
            TankerRequest,
            {"phone": phone},
            ward=wards[number],
            department=department,
            address=address,
            litres=litres,
            wanted_on=today + timedelta(days=days),
            status=TankerStatus(status),
            requested_at=utc_now(),
            requested_by=taken_by if clerk else None,
        )
    db.session.commit()
    return {"tanker requests": len(REQUESTS)}
