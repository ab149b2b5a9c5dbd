"""Row rules of the post office: a postman sees and acts on their own beat's articles only."""

from sqlalchemy import select

from app.models.org import Officer, officer_ward
from app.models.postal import Article
from app.security.rules import ALL


def own_beat(user):
    beat = (
        select(officer_ward.c.ward_id)
        .join(Officer, Officer.id == officer_ward.c.officer_id)
        .where(Officer.user_id == user.id)
    )
    return Article.ward_id.in_(beat)


RULES = {
    "Article": {"Supervisor": ALL, "Auditor": ALL, "Counter": ALL, "Postman": own_beat},
    "Tariff": {"Supervisor": ALL, "Auditor": ALL, "Counter": ALL},
}
