"""htmx partials for the address form: province → city → district → village choices.

Each select posts the region *name* (what address validation checks) and carries its code in a
data attribute; choosing one asks this view for the options of the level below.
"""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from marketplace.core import regions

LEVELS = {"province": "city", "city": "district", "district": "subdistrict"}


def region_choices(parent_code: str = "") -> list[regions.Region]:
    return regions.children_of(parent_code)


def code_for_names(province: str = "", city: str = "", district: str = "") -> dict[str, str]:
    """The Kemendagri codes of the given names, level by level ("" where unknown)."""
    codes = {"province": "", "city": "", "district": ""}
    found = regions.find_region(province) if province else None
    if found is None:
        return codes
    codes["province"] = found.code
    found = regions.find_region(city, found.code) if city else None
    if found is None:
        return codes
    codes["city"] = found.code
    found = regions.find_region(district, found.code) if district else None
    if found is not None:
        codes["district"] = found.code
    return codes


@require_GET
@cache_control(max_age=3600)
def region_options(request, level: str):
    """The <option>s of `level` below the region named in the request (htmx swaps them in)."""
    if level not in LEVELS.values():
        return HttpResponseBadRequest("unknown level")
    parent_level = {v: k for k, v in LEVELS.items()}[level]
    values = {"province": "", "city": "", "district": ""}
    for key, value in request.GET.items():
        name = key.rsplit("-", 1)[-1]  # forms may use a prefix ("address-province")
        if name in values:
            values[name] = value
    codes = code_for_names(values["province"], values["city"], values["district"])
    parent_code = codes.get(parent_level, "")
    options = region_choices(parent_code) if parent_code else []
    return render(
        request, "storefront/partials/region_options.html", {"options": options, "selected": ""}
    )
