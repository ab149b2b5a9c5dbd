import pytest

from app.core.errors import InvalidPhone
from app.core.phones import to_e164


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+91 98765 43210", "+919876543210"),
        ("098765-43210", "+919876543210"),
        ("९८७६५४३२१०", "+919876543210"),
        ("+880 1712-345678", "+8801712345678"),
        ("+98 912 345 6789", "+989123456789"),
        ("۰۹۱۲۳۴۵۶۷۸۹", "+989123456789"),
    ],
)
def test_numbers_are_stored_in_e164(typed, expected, app_ctx):
    region = "IR" if typed.startswith("۰۹") else None
    assert to_e164(typed, region) == expected


@pytest.mark.parametrize("typed", ["12345", "not a phone", "+91 12345"])
def test_invalid_numbers_are_refused_with_the_number_in_the_message(typed, app_ctx):
    with pytest.raises(InvalidPhone) as error:
        to_e164(typed)
    assert str(error.value) == f"{typed} is not a valid mobile number."
