"""app/core/shapes.py: a body is its provider's shape or a 400 naming where it is not."""

import pytest

from app.core.shapes import MalformedBody, check, coordinate, required, text, whole

SHAPE = {"items": [{"id": required(text(8)), "at": {"lat": coordinate}, "n": whole}]}


def test_a_body_of_the_shape_is_returned_as_it_is_fields_not_read_untouched():
    body = {"items": [{"id": "a1", "at": {"lat": 22.5}, "n": 3, "extra": [{"any": None}]}]}
    assert check(body, SHAPE) is body
    assert check({"items": None}, SHAPE) == {"items": None}  # null counts as absent


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("a string", "body"),
        ({"items": {"id": "a1"}}, "body.items"),
        ({"items": ["a1"]}, "body.items[0]"),
        ({"items": [{"n": 1}]}, "body.items[0].id"),
        ({"items": [{"id": 5}]}, "body.items[0].id"),
        ({"items": [{"id": "123456789"}]}, "body.items[0].id"),
        ({"items": [{"id": "a\x00"}]}, "body.items[0].id"),
        ({"items": [{"id": "a", "at": {"lat": float("inf")}}]}, "body.items[0].at.lat"),
        ({"items": [{"id": "a", "n": True}]}, "body.items[0].n"),
        ({"items": [{"id": "a", "n": 2**64}]}, "body.items[0].n"),
        (
            {
                "items": [
                    {
                        "id": "a",
                        "extra": [
                            [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
                        ],
                    }
                ]
            },
            "depth 32",
        ),
    ],
)
def test_a_body_of_another_shape_names_the_first_place_it_differs(app_ctx, body, where):
    with pytest.raises(MalformedBody) as refused:
        check(body, SHAPE)
    assert str(refused.value) == f"The body is not shaped as its sender documents it (at {where})."
