import pytest

from app.core.digits import to_ascii_digits


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("९८७६५४३२१०", "9876543210"),  # Devanagari
        ("৯৮৭৬৫৪৩২১০", "9876543210"),  # Bengali
        ("۹۸۷۶۵۴۳۲۱۰", "9876543210"),  # Persian
        ("٩٨٧٦٥٤٣٢١٠", "9876543210"),  # Arabic-Indic
        ("۱۲۳٫۵۰", "123.50"),  # Persian decimal separator
        ("JS-१२३", "JS-123"),
        ("plain 42", "plain 42"),
    ],
)
def test_native_digits_become_ascii(typed, expected):
    assert to_ascii_digits(typed) == expected


def test_none_stays_none():
    assert to_ascii_digits(None) is None
