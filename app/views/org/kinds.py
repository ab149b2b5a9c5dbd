"""A category's kind (complaint, suggestion, query, request): its label and its form field."""

from flask_appbuilder.fieldwidgets import Select2Widget
from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from app.models.org import CategoryKind

KIND_LABELS = {
    CategoryKind.complaint: _l("Complaint"),
    CategoryKind.suggestion: _l("Suggestion"),
    CategoryKind.query: _l("Query"),
    CategoryKind.request: _l("Request"),
}


def kind_field() -> SelectField:
    return SelectField(
        _l("Kind"),
        choices=[(kind.value, label) for kind, label in KIND_LABELS.items()],
        coerce=CategoryKind,
        widget=Select2Widget(),
    )


def kind_label(kind) -> str:
    return str(KIND_LABELS.get(kind, kind or ""))
