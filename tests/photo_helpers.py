"""Pictures as a phone makes them: JPEG, PNG, WebP or GIF, with GPS and camera data (EXIF) or a
text chunk if asked."""

from io import BytesIO

from PIL import Image

GPS_IFD = 0x8825


def picture(kind="JPEG", size=(640, 480), gps=False, text=None) -> bytes:
    image = Image.new("RGB", size, (200, 60, 40))
    out = BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # camera make
        exif[0x0112] = 6  # orientation: rotate 90 degrees
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (22.0, 43.0, 7.0), 3: "E", 4: (75.0, 51.0, 2.0)})
        options["exif"] = exif
    if text:
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", text)
        options["pnginfo"] = info
    image.save(out, kind, **options)
    return out.getvalue()
