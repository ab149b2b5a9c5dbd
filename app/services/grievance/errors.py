"""Errors a user can cause in the grievance desk: a status and a message in their language."""

from flask_babel import lazy_gettext as _l

from app.core.errors import JanSevaError


class BadTrackingNumber(JanSevaError):
    message = _l("%(value)s is not a valid tracking number: please check the digits.")


class UnknownTicket(JanSevaError):
    status = 404
    message = _l("No ticket you can see has the tracking number %(value)s.")


class ReasonRequired(JanSevaError):
    message = _l("Please give a reason.")


class PublicReasonRequired(ReasonRequired):
    message = _l(
        "The citizen is told why their complaint is rejected: please write the reason for the "
        "citizen, or mark the note as visible to the citizen."
    )


class DuplicateOfRequired(JanSevaError):
    message = _l("Please name the ticket this one duplicates.")


class IncompleteComplaint(JanSevaError):
    message = _l("Please give a category, a description and a way to reach the citizen.")


class FeedbackLinkInvalid(JanSevaError):
    message = _l(
        "This feedback link is not valid any more. Please use the link in your latest message."
    )


class FeedbackTaken(JanSevaError):
    status = 409
    message = _l("Thank you, we already have your feedback on this resolution.")


class PhotoRefused(JanSevaError):
    message = _l("%(name)s is not a photo we can take: please send a JPEG, PNG or WebP image.")


class PhotoTooLarge(JanSevaError):
    status = 413
    message = _l("%(name)s is larger than %(limit)s MB.")


class TooManyPhotos(JanSevaError):
    message = _l("A ticket can have at most %(limit)s photos.")


class UnknownCategory(JanSevaError):
    message = _l("There is no category with the id %(value)s.")


class UnknownUnit(JanSevaError):
    message = _l("There is no office (unit) with the id %(value)s.")


class UnknownPriority(JanSevaError):
    message = _l("%(value)s is not a priority.")


class DescriptionRequired(JanSevaError):
    message = _l("The description cannot be empty.")


class NothingToCorrect(JanSevaError):
    message = _l(
        "Nothing was changed: choose another category, ward, priority, office or description."
    )


class TicketNotOpen(JanSevaError):
    status = 409
    message = _l("%(tracking_no)s is closed: reopen it before correcting it.")


class AppealNotAllowed(JanSevaError):
    status = 409
    message = _l(
        "%(tracking_no)s cannot be appealed yet: an appeal can be made after its resolution is "
        "rated 2 stars or less, or after the citizen has said twice that it is not fixed."
    )


class AppealAlreadyOpen(JanSevaError):
    status = 409
    message = _l("%(tracking_no)s is already under appeal as %(appeal)s.")


class QuestionRequired(JanSevaError):
    message = _l("Please write your question.")


class AnswerRequired(JanSevaError):
    message = _l("Please write your answer.")


class ExplanationNotAllowed(JanSevaError):
    status = 403
    message = _l(
        "You may ask for an explanation only someone below you: %(name)s is not in a unit you head."
    )


class ExplanationNotYours(JanSevaError):
    status = 403
    message = _l("Only the person asked may answer this explanation.")


class ExplanationAnswered(JanSevaError):
    status = 409
    message = _l("This explanation has already been answered.")


class BadDeadline(JanSevaError):
    message = _l("Please give a deadline in the future.")
