"""Photos: JPEG, PNG and WebP up to 5 MB, decoded to be sure, stripped of GPS and camera data."""

from io import BytesIO

import pytest
from PIL import Image

from app.services.grievance import photos
from app.services.grievance.errors import PhotoRefused, PhotoTooLarge, TooManyPhotos
from tests.grievance_helpers import new_ticket
from tests.photo_helpers import GPS_IFD, picture


def test_gps_and_camera_data_are_stripped_and_orientation_kept():
    raw = picture(gps=True)
    assert Image.open(BytesIO(raw)).getexif().get_ifd(GPS_IFD)  # the phone wrote GPS
    cleaned = photos.clean("drain.jpg", raw)
    stored = Image.open(BytesIO(cleaned["data"]))
    assert dict(stored.getexif()) == {} and "exif" not in stored.info
    assert (cleaned["width"], cleaned["height"]) == (480, 640)  # turned upright
    thumb = Image.open(BytesIO(cleaned["thumbnail"]))
    assert max(thumb.size) == 320 and thumb.format == "JPEG"


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted_without_metadata(kind):
    raw = picture(kind, text="home address" if kind == "PNG" else None)
    cleaned = photos.clean(f"photo.{kind.lower()}", raw)
    stored = Image.open(BytesIO(cleaned["data"]))
    assert stored.format == kind and "Comment" not in stored.info


def test_anything_else_is_refused_with_a_clear_message():
    with pytest.raises(PhotoRefused) as error:
        photos.clean("notes.jpg", b"this is not an image at all")
    assert str(error.value) == (
        "notes.jpg is not a photo we can take: please send a JPEG, PNG or WebP image."
    )
    with pytest.raises(PhotoRefused):
        photos.clean("anim.gif", picture("GIF"))
    with pytest.raises(PhotoRefused):
        photos.clean("cut.jpg", picture()[:200])  # truncated upload


def test_more_than_five_megabytes_is_refused():
    with pytest.raises(PhotoTooLarge) as error:
        photos.clean("huge.jpg", b"\xff" * (5 * 1024 * 1024 + 1))
    assert "larger than 5 MB" in str(error.value)


def test_a_ticket_takes_at_most_five_photos(app_ctx):
    ticket = new_ticket(phone="+919866600001", photos=[("a.jpg", picture())])
    assert len(ticket.photos) == 1 and ticket.events[1].kind == "photos_added"
    with pytest.raises(TooManyPhotos):
        photos.attach(ticket, [(f"{n}.jpg", picture()) for n in range(5)])
