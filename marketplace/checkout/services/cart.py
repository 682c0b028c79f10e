"""The cart's write operations: lines, address, email, delivery choice. One transaction each.

Who may touch a checkout: a guest checkout (no user) by whoever holds its unguessable token; a
signed-in shopper's checkout only by that shopper (anyone else is told it does not exist).
A signed-in shopper has one open checkout: creating another merges into it, so the cart follows
the account from one device to the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction

from marketplace.accounts.services.addresses import validate_address
from marketplace.catalog.models import ProductStatus, ProductVariant
from marketplace.core.exceptions import DomainError, ErrorCollector, InsufficientStock, NotFound
from marketplace.inventory.services.stock import get_available_quantities

from ..models import Checkout, CheckoutDelivery, CheckoutLine


@dataclass(frozen=True)
class LineInput:
    variant_id: int
    quantity: int


def get_checkout(
    *, token, user, for_update: bool = False, allow_completed: bool = False
) -> Checkout:
    """The open checkout `token` if `user` may see it, else NOT_FOUND (never a hint it exists)."""
    queryset = Checkout.objects.order_by()
    if for_update:
        queryset = queryset.select_for_update()
    checkout = next(iter(queryset.filter(pk=token)), None)  # by primary key: no ORDER BY
    return _accessible(checkout, user, allow_completed=allow_completed)


def _accessible(checkout: Checkout | None, user, *, allow_completed: bool = False) -> Checkout:
    if checkout is None or not can_access(checkout, user):
        raise NotFound("Keranjang tidak ditemukan.", field="id")
    if checkout.completed_at is not None and not allow_completed:
        raise NotFound("Keranjang ini sudah menjadi pesanan.", field="id")
    return checkout


def get_checkout_with_lines(*, token, user) -> tuple[Checkout, list[CheckoutLine]]:
    """`get_checkout` (unlocked) and `pricing.load_lines` in one query: the lines bring their
    checkout along. An empty cart costs a second query."""
    from ..pricing import LINE_RELATIONS

    lines = list(
        CheckoutLine.objects.filter(checkout_id=token)
        .select_related("checkout", *LINE_RELATIONS)
        .order_by()
    )
    if not lines:
        return get_checkout(token=token, user=user), []
    checkout = _accessible(lines[0].checkout, user)
    for line in lines:
        line.checkout = checkout
    lines.sort(key=lambda line: line.pk)
    return checkout, lines


def can_access(checkout: Checkout, user) -> bool:
    if checkout.user_id is None:
        return True
    return bool(user is not None and user.is_authenticated and user.pk == checkout.user_id)


def get_open_checkout_for_user(user) -> Checkout | None:
    if user is None or not user.is_authenticated:
        return None
    return (
        Checkout.objects.filter(user=user, completed_at__isnull=True)
        .order_by("-updated_at")
        .first()
    )


def _clean_email(email: str | None, *, field: str = "email") -> str:
    email = (email or "").strip().lower()
    if not email:
        raise DomainError("Email wajib diisi.", code="REQUIRED", field=field)
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError("Alamat email tidak valid.", code="INVALID", field=field)
    return email


def _load_variants(lines: list[LineInput], *, field: str) -> dict[int, ProductVariant]:
    errors = ErrorCollector()
    if len(lines) > settings.CHECKOUT_MAX_LINES:
        raise DomainError(
            f"Paling banyak {settings.CHECKOUT_MAX_LINES} baris.", code="OUT_OF_RANGE", field=field
        )
    ids = {line.variant_id for line in lines}
    variants = {
        v.pk: v
        for v in ProductVariant.objects.select_related("product__vendor", "product__category")
        .filter(pk__in=ids)
        .order_by()  # a dict by pk: no ORDER BY (costly over three tables' columns)
    }
    for index, line in enumerate(lines):
        variant = variants.get(line.variant_id)
        where = f"{field}.{index}"
        if variant is None:
            errors.add(f"{where}.variantId", "NOT_FOUND", "Produk tidak ditemukan.")
        elif not (
            variant.is_active
            and variant.product.status == ProductStatus.PUBLISHED
            and variant.product.vendor.is_active
        ):
            errors.add(
                f"{where}.variantId", "PRODUCT_NOT_AVAILABLE", "Produk ini sedang tidak dijual."
            )
        if not 0 <= line.quantity <= settings.CHECKOUT_MAX_QUANTITY:
            errors.add(
                f"{where}.quantity",
                "OUT_OF_RANGE",
                f"Jumlah harus antara 1 dan {settings.CHECKOUT_MAX_QUANTITY}.",
            )
    errors.raise_if_any()
    return variants


def _check_availability(
    checkout: Checkout | None, quantities: dict[int, int], *, field: str
) -> None:
    wanted = {vid: q for vid, q in quantities.items() if q > 0}
    if not wanted:
        return
    available = get_available_quantities(
        wanted, exclude_checkout_token=checkout.pk if checkout is not None else None
    )
    short = [vid for vid, q in wanted.items() if available.get(vid, 0) < q]
    if short:
        from marketplace.core.graphql.ids import encode_id

        names = ", ".join(encode_id("ProductVariant", vid) for vid in sorted(short))
        raise InsufficientStock(
            f"Stok tidak mencukupi untuk: {names}.", field=field, lines=sorted(short)
        )


def _set_lines(
    checkout: Checkout, lines: list[LineInput], *, replace: bool, field: str, new: bool = False
) -> None:
    """Add (replace=False: quantities add up) or set (replace=True: 0 removes) lines.

    `new`: the checkout was created in this transaction (no lines, no delivery choices yet)."""
    merged: dict[int, int] = {}
    for line in lines:
        merged[line.variant_id] = (
            merged.get(line.variant_id, 0) if not replace else 0
        ) + line.quantity
    variants = _load_variants([LineInput(v, q) for v, q in merged.items()], field=field)
    if not replace and any(q <= 0 for q in merged.values()):
        raise DomainError("Jumlah harus lebih dari 0.", code="OUT_OF_RANGE", field=field)
    existing = {} if new else {line.variant_id: line for line in checkout.lines.all()}
    final = {
        vid: (q if replace else q + (existing[vid].quantity if vid in existing else 0))
        for vid, q in merged.items()
    }
    if any(q > settings.CHECKOUT_MAX_QUANTITY for q in final.values()):
        raise DomainError(
            f"Jumlah per produk paling banyak {settings.CHECKOUT_MAX_QUANTITY}.",
            code="OUT_OF_RANGE",
            field=field,
        )
    if len(set(existing) | {v for v, q in final.items() if q > 0}) > settings.CHECKOUT_MAX_LINES:
        raise DomainError(
            f"Paling banyak {settings.CHECKOUT_MAX_LINES} baris.", code="OUT_OF_RANGE", field=field
        )
    _check_availability(checkout, final, field=field)
    new_lines = []
    for vid, quantity in final.items():
        if quantity <= 0:
            CheckoutLine.objects.filter(checkout=checkout, variant_id=vid).delete()
        elif vid in existing:
            CheckoutLine.objects.filter(pk=existing[vid].pk).update(quantity=quantity)
        else:
            new_lines.append(
                CheckoutLine(checkout=checkout, variant=variants[vid], quantity=quantity)
            )
    if new_lines:  # one INSERT for every new line, in input order (pk order = line order)
        CheckoutLine.objects.bulk_create(new_lines)
    if new:  # what `pricing.load_lines` would read back; the answer prices these
        checkout.known_lines = new_lines
    if not new:
        _forget_stale_deliveries(checkout)
        checkout.save(update_fields=["updated_at"])


def _forget_stale_deliveries(checkout: Checkout) -> None:
    vendor_ids = set(checkout.lines.values_list("variant__product__vendor_id", flat=True))
    checkout.deliveries.exclude(vendor_id__in=vendor_ids).delete()


@transaction.atomic
def create_checkout(
    *, user, email: str | None, lines: list[LineInput], shipping_address: dict | None = None
) -> Checkout:
    """A new cart; for a signed-in shopper with an open cart, the lines are merged into it."""
    if not lines:
        raise DomainError("Tambahkan minimal satu produk.", code="REQUIRED", field="lines")
    signed_in = user is not None and user.is_authenticated
    clean_email = _clean_email(email or (user.email if signed_in else ""))
    address = (
        validate_address(shipping_address, field="shippingAddress") if shipping_address else None
    )
    checkout, new = None, False
    if signed_in:
        checkout = (
            Checkout.objects.select_for_update()
            .filter(user=user, completed_at__isnull=True)
            .order_by("-updated_at")
            .first()
        )
    if checkout is None:
        checkout = Checkout.objects.create(
            user=user if signed_in else None, email=clean_email, shipping_address=address
        )
        new = True
    else:
        checkout.email = clean_email
        if address:
            checkout.shipping_address = address
        checkout.save(update_fields=["email", "shipping_address", "updated_at"])
    _set_lines(checkout, lines, replace=False, field="lines", new=new)
    return checkout


@transaction.atomic
def add_lines(*, checkout: Checkout, lines: list[LineInput]) -> Checkout:
    if not lines:
        raise DomainError("Tambahkan minimal satu produk.", code="REQUIRED", field="lines")
    _set_lines(checkout, lines, replace=False, field="lines")
    return checkout


@transaction.atomic
def update_lines(*, checkout: Checkout, lines: list[LineInput]) -> Checkout:
    if not lines:
        raise DomainError("Wajib diisi.", code="REQUIRED", field="lines")
    _set_lines(checkout, lines, replace=True, field="lines")
    return checkout


@transaction.atomic
def delete_line(*, checkout: Checkout, line_id: int) -> Checkout:
    deleted, _ = CheckoutLine.objects.filter(checkout=checkout, pk=line_id).delete()
    if not deleted:
        raise NotFound("Baris keranjang tidak ditemukan.", field="lineId")
    _forget_stale_deliveries(checkout)
    checkout.save(update_fields=["updated_at"])
    return checkout


@transaction.atomic
def update_shipping_address(*, checkout: Checkout, shipping_address: dict | None) -> Checkout:
    checkout.shipping_address = validate_address(shipping_address or {}, field="shippingAddress")
    checkout.save(update_fields=["shipping_address", "updated_at"])
    return checkout


@transaction.atomic
def update_email(*, checkout: Checkout, email: str | None) -> Checkout:
    checkout.email = _clean_email(email)
    checkout.save(update_fields=["email", "updated_at"])
    return checkout


def update_delivery_method(
    *, checkout: Checkout, vendor_id: int, shipping_option_id: str, lines=None
) -> Checkout:
    """Choose one of the options currently offered for the vendor's part of the cart.

    Shipping is quoted first, without any lock (a quote may call the courier aggregator); the
    choice is then written under the checkout's row lock. The Galeri hub consolidation
    ("hub:consolidated") is one parcel for every gallery tenant's group, so choosing it for one
    of them chooses it for all of them, and choosing anything else for one of them withdraws the
    hub from the others (they must choose again): the hub is never chosen for only part of them.
    """
    from django.utils import timezone

    from fulfillment.api import HUB_OPTION_ID

    from ..pricing import destination_for, load_lines, quote_shipping

    if not checkout.shipping_address:
        raise DomainError(
            "Isi alamat pengiriman terlebih dahulu.", code="REQUIRED", field="shippingAddress"
        )
    if lines is None:  # else loaded by `get_checkout_with_lines` in this request
        lines = load_lines(checkout)
    vendor_lines = [line for line in lines if line.variant.product.vendor_id == vendor_id]
    if not vendor_lines:
        raise NotFound("Penjual ini tidak ada di keranjang.", field="vendorId")
    # Only a gallery tenant's group can be covered by the hub (which needs every tenant group
    # quoted); any other vendor's choice depends on that vendor's own quote alone.
    vendor = vendor_lines[0].variant.product.vendor
    quoted_lines = lines if getattr(vendor, "is_gallery_tenant", False) else vendor_lines
    quotes = quote_shipping(
        quoted_lines, destination_for(checkout.shipping_address), now=timezone.now()
    )
    hub_vendor_ids = {int(pk) for pk in quotes.hub.meta["shares"]} if quotes.hub else set()
    if shipping_option_id == HUB_OPTION_ID:
        offered = vendor_id in hub_vendor_ids
    else:
        options = quotes.by_vendor.get(vendor_id, ((), []))[1]
        offered = any(o.id == shipping_option_id for o in options)
    if not offered:
        raise DomainError(
            "Pilihan pengiriman tidak tersedia.",
            code="SHIPPING_NOT_AVAILABLE",
            field="shippingOptionId",
        )
    now = timezone.now()
    if shipping_option_id == HUB_OPTION_ID:
        choices = dict.fromkeys(sorted(hub_vendor_ids), HUB_OPTION_ID)
    else:
        choices = {vendor_id: shipping_option_id}
    withdraw_hub = shipping_option_id != HUB_OPTION_ID and vendor_id in hub_vendor_ids
    if connection.vendor == "postgresql" and not withdraw_hub:
        chosen = _choose_in_one_statement(checkout, choices, now=now)
    else:
        chosen = _choose(checkout, choices, now=now, withdraw_hub=withdraw_hub)
    if not chosen:
        raise NotFound("Keranjang ini sudah menjadi pesanan.", field="id")
    checkout.updated_at = now
    return checkout


def _choose(checkout: Checkout, choices: dict[int, str], *, now, withdraw_hub: bool) -> bool:
    """Write the delivery choices; False (nothing written) once the cart became an order.

    Touching the checkout row first takes its lock: a completion in progress holds it, and once
    that commits the cart is an order and the choice is refused."""
    from fulfillment.api import HUB_OPTION_ID

    with transaction.atomic():
        if not Checkout.objects.filter(pk=checkout.pk, completed_at__isnull=True).update(
            updated_at=now
        ):
            return False
        if withdraw_hub:  # the hub no longer carries every covered group
            checkout.deliveries.filter(shipping_option_id=HUB_OPTION_ID).delete()
        CheckoutDelivery.objects.bulk_create(
            [
                CheckoutDelivery(checkout=checkout, vendor_id=pk, shipping_option_id=option)
                for pk, option in choices.items()
            ],
            update_conflicts=True,
            unique_fields=["checkout", "vendor"],
            update_fields=["shipping_option_id"],
        )
    return True


def _choose_in_one_statement(checkout: Checkout, choices: dict[int, str], *, now) -> bool:
    """`_choose` without a hub to withdraw, as one statement (atomic on its own: no BEGIN and
    COMMIT round trips). The UPDATE takes the checkout row's lock exactly as `_choose` does and
    re-checks `completed_at` after waiting; no row touched, nothing inserted."""
    checkouts, deliveries = Checkout._meta.db_table, CheckoutDelivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'WITH touched AS (UPDATE "{checkouts}" SET "updated_at" = %s'
            ' WHERE "token" = %s AND "completed_at" IS NULL RETURNING "token")'
            f' INSERT INTO "{deliveries}" ("checkout_id", "vendor_id", "shipping_option_id")'
            " SELECT touched.token, c.vendor_id, c.option_id FROM touched,"
            " unnest(%s::bigint[], %s::varchar[]) AS c(vendor_id, option_id)"
            ' ON CONFLICT ("checkout_id", "vendor_id")'
            ' DO UPDATE SET "shipping_option_id" = EXCLUDED."shipping_option_id"'
            ' RETURNING "checkout_id"',
            [now, checkout.pk, list(choices), list(choices.values())],
        )
        return bool(cursor.fetchall())
