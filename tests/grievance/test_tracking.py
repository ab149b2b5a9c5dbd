import pytest

from app.services.grievance.errors import BadTrackingNumber
from app.services.grievance.tracking import damm, format_tracking_no, parse_tracking_no


def test_damm_check_digit_matches_the_published_example():
    assert damm("572") == 4 and damm("5724") == 0


def test_tracking_numbers_round_trip_in_any_script(app_ctx):
    number = format_tracking_no(1234)
    assert number == "JS-12340"
    assert parse_tracking_no(number) == 1234
    assert parse_tracking_no("js-१२३४०") == 1234
    assert parse_tracking_no(" ۱۲۳۴۰ ") == 1234


@pytest.mark.parametrize("typo", ["JS-12341", "JS-12430", "JS-21340", "JS-", "hello"])
def test_a_mistyped_or_swapped_digit_is_refused_with_a_clear_message(typo, app_ctx):
    with pytest.raises(BadTrackingNumber) as error:
        parse_tracking_no(typo)
    assert "not a valid tracking number" in str(error.value)


def test_every_single_digit_error_is_caught():
    number = "98765"
    full = number + str(damm(number))
    for position in range(len(full)):
        for digit in "0123456789":
            if digit != full[position]:
                typo = full[:position] + digit + full[position + 1 :]
                assert damm(typo) != 0
