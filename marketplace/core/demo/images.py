"""Product pictures for the demo, drawn with Pillow: a coloured pattern with the product's name.

Nothing is downloaded. Each sector has its own palette and pattern (batik's kawung circles and
parang diagonals, lurik stripes, anyaman checks), chosen deterministically from the product's
slug, so the same product always gets the same picture.
"""

from __future__ import annotations

import hashlib
import io
import textwrap
from functools import cache

from PIL import Image, ImageDraw, ImageFont

IMAGE_SIZE = 800
THUMBNAIL_SIZE = 400  # as the catalogue's own uploads (catalog.services.images)

PALETTES: dict[str, list[tuple[tuple[int, int, int], tuple[int, int, int]]]] = {
    # (background, pattern) pairs per top-level category slug
    "batik": [
        ((28, 46, 92), (86, 122, 180)),
        ((110, 62, 34), (196, 140, 82)),
        ((62, 40, 30), (170, 110, 60)),
    ],
    "kerajinan": [((196, 160, 100), (142, 104, 52)), ((94, 120, 70), (170, 190, 120))],
    "fashion": [
        ((40, 40, 48), (140, 60, 50)),
        ((30, 60, 90), (200, 190, 160)),
        ((120, 50, 40), (230, 200, 150)),
    ],
    "furnitur": [((120, 80, 44), (176, 128, 78)), ((84, 56, 36), (150, 104, 64))],
    "logam": [((70, 80, 90), (180, 110, 70)), ((50, 56, 64), (200, 170, 90))],
    "kuliner": [((236, 214, 160), (190, 120, 60)), ((250, 226, 190), (120, 160, 80))],
    "makanan-olahan": [((246, 230, 196), (210, 150, 70)), ((230, 240, 220), (110, 150, 90))],
}
PATTERNS = {
    "batik": ("kawung", "parang"),
    "kerajinan": ("checks", "kawung"),
    "fashion": ("stripes", "checks"),
    "furnitur": ("stripes",),
    "logam": ("rings",),
    "kuliner": ("dots",),
    "makanan-olahan": ("dots", "stripes"),
}


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _seed(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def _draw_pattern(draw: ImageDraw.ImageDraw, kind: str, colour, size: int, seed: int) -> None:
    step = 60 + seed % 40
    if kind == "kawung":  # four-petal circles of batik kawung
        r = step // 2
        for x in range(0, size + step, step):
            for y in range(0, size + step, step):
                for dx, dy in ((-r // 2, 0), (r // 2, 0), (0, -r // 2), (0, r // 2)):
                    draw.ellipse(
                        (x + dx - r // 2, y + dy - r // 3, x + dx + r // 2, y + dy + r // 3),
                        outline=colour,
                        width=4,
                    )
    elif kind == "parang":  # diagonal bands
        for x in range(-size, size * 2, step):
            draw.line((x, 0, x + size, size), fill=colour, width=step // 4)
            draw.line((x + step // 2, 0, x + step // 2 + size, size), fill=colour, width=3)
    elif kind == "stripes":  # lurik: vertical stripes of varying width
        x = 0
        widths = (6, 18, 4, 30, 10)
        i = seed
        while x < size:
            w = widths[i % len(widths)]
            draw.rectangle((x, 0, x + w, size), fill=colour)
            x += w + step // 3
            i += 1
    elif kind == "checks":  # anyaman: woven checks
        for x in range(0, size, step // 2):
            for y in range(0, size, step // 2):
                if (x // (step // 2) + y // (step // 2)) % 2 == 0:
                    draw.rectangle(
                        (x, y, x + step // 2 - 6, y + step // 2 - 6), outline=colour, width=5
                    )
    elif kind == "rings":
        c = size // 2
        for r in range(step // 2, size, step // 2):
            draw.ellipse((c - r, c - r, c + r, c + r), outline=colour, width=6)
    else:  # dots
        for x in range(step // 2, size, step):
            for y in range(step // 2, size, step):
                draw.ellipse((x - 10, y - 10, x + 10, y + 10), fill=colour)


def render_product_image(*, title: str, subtitle: str, sector: str, key: str) -> Image.Image:
    """An IMAGE_SIZE square picture: sector pattern, a light panel with the title and vendor."""
    seed = _seed(key)
    palette = PALETTES.get(sector) or PALETTES["kerajinan"]
    background, pattern = palette[seed % len(palette)]
    kinds = PATTERNS.get(sector, ("dots",))
    image = Image.new("RGB", (IMAGE_SIZE, IMAGE_SIZE), background)
    draw = ImageDraw.Draw(image)
    _draw_pattern(draw, kinds[seed % len(kinds)], pattern, IMAGE_SIZE, seed)

    lines = textwrap.wrap(title, width=22)[:4]
    title_font, small_font = _font(44), _font(28)
    line_height = 54
    panel_height = 60 + line_height * len(lines) + 50
    top = IMAGE_SIZE - panel_height - 40
    draw.rounded_rectangle(
        (40, top, IMAGE_SIZE - 40, IMAGE_SIZE - 40), radius=24, fill=(252, 249, 242)
    )
    y = top + 30
    for line in lines:
        draw.text((70, y), line, font=title_font, fill=(34, 34, 34))
        y += line_height
    draw.text((70, y + 8), subtitle, font=small_font, fill=(110, 96, 80))
    return image


def encode_jpeg(image: Image.Image, *, quality: int = 82) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def make_thumbnail(image: Image.Image, size: int = THUMBNAIL_SIZE) -> Image.Image:
    thumb = image.copy()
    thumb.thumbnail((size, size), Image.Resampling.LANCZOS)
    return thumb
