"""Per-record translations: English column plus `<field>_hi`, `<field>_bn`, `<field>_fa`."""

from flask_babel import get_locale

TRANSLATED_LOCALES = ("hi", "bn", "fa")


def current_language() -> str:
    try:
        locale = get_locale()
    except (RuntimeError, AttributeError):  # outside a request: jobs, shell, seed scripts
        return "en"
    return locale.language if locale else "en"


class Translated:
    """Gives a model `localized(field)`: the value in the user's language, else English."""

    def localized(self, field: str, language: str | None = None) -> str:
        language = language or current_language()
        if language in TRANSLATED_LOCALES:
            value = getattr(self, f"{field}_{language}", None)
            if value:
                return value
        return getattr(self, field) or ""

    def label(self) -> str:
        return self.localized("name")

    def __str__(self) -> str:
        return self.label()
