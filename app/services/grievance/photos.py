"""Photos of problems: JPEG, PNG or WebP up to 5 MB, checked by decoding them with Pillow,
re-encoded without EXIF (no GPS or camera data leaves with them), with a thumbnail."""

from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

from app.core.clock import utc_now
from app.extensions import db
from app.models.grievance.ticket import Ticket, TicketPhoto
from app.services.grievance import timeline
from app.services.grievance.errors import PhotoRefused, PhotoTooLarge, TooManyPhotos

MAX_MB = 5
MAX_PHOTOS = 5
MAX_PIXELS = 40_000_000  # refuses decompression bombs long before memory runs out
THUMBNAIL = (320, 320)
TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
KEEP_INFO = {"transparency", "icc_profile", "dpi"}


def clean(name: str, raw: bytes) -> dict:
    """Decode, check and re-encode one upload; raise a clear error for anything else."""
    if len(raw) > MAX_MB * 1024 * 1024:
        raise PhotoTooLarge(name=name, limit=MAX_MB)
    try:
        with Image.open(BytesIO(raw)) as probe:
            kind = probe.format
            if kind not in TYPES or probe.width * probe.height > MAX_PIXELS:
                raise PhotoRefused(name=name)
            probe.verify()
        image = ImageOps.exif_transpose(Image.open(BytesIO(raw)))  # keep it upright
        image.load()
        for key in [k for k in image.info if k not in KEEP_INFO]:  # EXIF, XMP (GPS), comments
            del image.info[key]
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise PhotoRefused(name=name) from None
    return {
        "content_type": TYPES[kind],
        "width": image.width,
        "height": image.height,
        "data": _encode(image, kind),
        "thumbnail": _thumbnail(image),
    }


def attach(ticket: Ticket, uploads: list[tuple[str, bytes]], actor=None) -> list[TicketPhoto]:
    """Add photos to a ticket (the caller commits); all or none are taken."""
    if not uploads:
        return []
    existing = db.session.query(TicketPhoto.id).filter_by(ticket_id=ticket.id).count()
    if existing + len(uploads) > MAX_PHOTOS:
        raise TooManyPhotos(limit=MAX_PHOTOS)
    photos = []
    for name, raw in uploads:
        cleaned = clean(name, raw)
        photo = TicketPhoto(
            ticket_id=ticket.id, size=len(cleaned["data"]), created_at=utc_now(), **cleaned
        )
        db.session.add(photo)
        photos.append(photo)
    if photos:
        timeline.record(ticket, "photos_added", actor, public=True, count=len(photos))
    return photos


def _encode(image: Image.Image, kind: str) -> bytes:
    out = BytesIO()
    if kind == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)  # no exif= given
    else:
        image.save(out, kind)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    small = image.convert("RGB")
    small.thumbnail(THUMBNAIL)
    out = BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()
