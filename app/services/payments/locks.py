"""What makes a settlement atomic: the request's row is locked before it is read for a
decision, and a UTR is taken through the database's unique index, so two notices,
reconciliations or statement lines arriving at the same moment settle a request once and a
UTR once, and the second caller is told what the first did."""

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models.payments import Payment


def locked(payment: Payment) -> Payment:
    """The request as committed now, its row locked until the caller's commit or rollback: a
    concurrent settlement waits here and then sees what this one did."""
    db.session.flush()  # the caller's own changes are kept, not read over
    db.session.refresh(payment, with_for_update={"of": Payment})
    db.session.expire(payment, ["events"])
    return payment


def locked_by_ref(ref: str) -> Payment | None:
    """The request of a reference, its row locked as in locked()."""
    query = db.session.query(Payment).filter_by(ref=ref).with_for_update(of=Payment)
    return query.populate_existing().one_or_none()


def take_utr(payment: Payment, utr: str) -> bool:
    """Mark `utr` as the payment's own; False when another request holds it (committed, or
    in a transaction that commits first: the unique index waits for it and then refuses)."""
    try:
        with db.session.begin_nested():
            db.session.execute(
                update(Payment)
                .where(Payment.id == payment.id)
                .values(utr=utr)
                .execution_options(synchronize_session=False)
            )
    except IntegrityError:
        return False
    payment.utr = utr
    return True
