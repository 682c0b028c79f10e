"""Completing a checkout: one transaction that turns the cart into an order, or changes nothing.

Locks, always in this order (so concurrent completions serialise and never deadlock):
  1. the idempotency key's unique index (INSERT first; a concurrent same-key call waits here and
     then reads the winner's order),
  2. the checkout row (a second key for the same cart waits, then finds the order),
  3. the stock rows of every variant, in primary-key order (`inventory.lock_objects`).
Under those locks: re-price, allocate, redeem the promotions that pricing used (voucher use,
flash-sale units; `promotions.services.redemption`, keyed by the checkout token), create the Order (UNIQUE per checkout token), one
VendorOrder per vendor with its lines, the payment record, events and outbox rows. The provider
call (Stripe) happens after commit, in `payments.services.payments.start_provider_payment`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from fulfillment.api import HUB_OPTION_ID
from marketplace.accounts.models import Address
from marketplace.catalog.models import ProductStatus
from marketplace.core.exceptions import DomainError, ErrorCollector, InsufficientStock, NotFound
from marketplace.core.graphql.ids import encode_id
from marketplace.core.money import ZERO
from marketplace.inventory.models import Reservation
from marketplace.inventory.services.allocation import (
    StockRequest,
    apply_allocations,
    plan_allocations,
)
from marketplace.notifications.outbox import NewEvent, emit_events
from marketplace.orders.idempotency import claim_key, fingerprint, validate_key
from marketplace.orders.models import Order, OrderEvent, OrderStatus, VendorOrder, VendorOrderLine
from marketplace.promotions.services.checkout_vouchers import checkout_customer
from marketplace.promotions.services.redemption import VoucherInvalid, redeem_promotions
from payments.models import Gateway, Payment
from payments.services.commission import commission_amount, commission_rates_for
from payments.services.payments import create_payment_record

from ..models import Checkout
from ..pricing import ShippingQuotes, destination_for, load_lines, price_checkout, quote_shipping
from .cart import get_checkout, get_checkout_with_lines

OPERATION = "checkout_complete"


@dataclass
class CompletionResult:
    order: Order
    payment: Payment
    created: bool


def order_number(sequence: int, now: datetime) -> str:
    """Readable and unique: GI-<yymmdd WIB>-<sequence, 6+ digits>, e.g. GI-261123-000042.

    The sequence is the id of the idempotency-key row claimed for this completion: unique,
    increasing, and known before the order row is written (no second UPDATE)."""
    return f"GI-{timezone.localtime(now):%y%m%d}-{sequence:06d}"


def complete_checkout(
    *, token, user, payment_gateway: str, idempotency_key: str | None, now: datetime | None = None
) -> CompletionResult:
    key = validate_key(idempotency_key)
    if payment_gateway not in Gateway.values:
        raise DomainError(
            "Metode pembayaran tidak dikenal.", code="INVALID", field="paymentGateway"
        )
    request_fingerprint = fingerprint({"checkout": str(token), "paymentGateway": payment_gateway})
    now = now or timezone.now()
    # Shipping is re-quoted (never taken from the client) before any lock: a quote may call the
    # courier aggregator over HTTP. Under the locks the cart must still hold the quoted parcels.
    quoted = _quote_before_locking(token=token, user=user, now=now)
    with transaction.atomic():
        # The key first: a concurrent retry waits here for the winner (see orders.idempotency).
        # If the caller may not use this checkout, get_checkout raises and the claim rolls back.
        claim = claim_key(
            operation=OPERATION,
            key=key,
            request_fingerprint=request_fingerprint,
            user=user,
            response={"checkout_token": str(token)},
        )
        if not claim.is_new:
            order = Order.objects.get(checkout_token=claim.record.response["checkout_token"])
            if order.user_id is not None and order.user_id != getattr(user, "pk", None):
                raise NotFound("Keranjang tidak ditemukan.", field="id")
            return CompletionResult(
                order, Payment.objects.filter(order=order).order_by("pk").first(), False
            )
        checkout = get_checkout(token=token, user=user, for_update=True, allow_completed=True)
        if checkout.completed_at is not None:
            order = Order.objects.get(checkout_token=checkout.pk)
            if order.payment_gateway != payment_gateway:
                raise DomainError(
                    "Keranjang ini sudah menjadi pesanan.", code="INVALID", field="id"
                )
            return CompletionResult(
                order, Payment.objects.filter(order=order).order_by("pk").first(), False
            )
        order, payment = _place_order(
            checkout,
            user=user,
            gateway=payment_gateway,
            key=key,
            now=now,
            quoted=quoted,
            sequence=claim.record.pk,
        )
    return CompletionResult(order, payment, True)


def _validate(checkout: Checkout, lines, pricing) -> None:
    errors = ErrorCollector()
    if not lines:
        raise DomainError("Keranjang masih kosong.", code="CHECKOUT_EMPTY", field="lines")
    if not checkout.email:
        errors.add("email", "REQUIRED", "Email wajib diisi.")
    if not checkout.shipping_address:
        errors.add("shippingAddress", "REQUIRED", "Alamat pengiriman wajib diisi.")
    for line in lines:
        product = line.variant.product
        if not (
            line.variant.is_active
            and product.status == ProductStatus.PUBLISHED
            and product.vendor.is_active
        ):
            errors.add(
                f"lines.{encode_id('ProductVariant', line.variant_id)}",
                "PRODUCT_NOT_AVAILABLE",
                f"{product.name} sedang tidak dijual.",
            )
    if checkout.shipping_address:
        for group in pricing.vendor_groups:
            if group.selected_option is None:
                vendor_field = (
                    f"vendorGroups.{encode_id('Vendor', group.vendor.pk)}.shippingOptionId"
                )
                if group.selected_option_id:
                    errors.add(
                        vendor_field,
                        "SHIPPING_NOT_AVAILABLE",
                        f"Pengiriman dari {group.vendor.name} tidak tersedia lagi; pilih ulang.",
                    )
                else:
                    errors.add(
                        vendor_field,
                        "SHIPPING_METHOD_REQUIRED",
                        f"Pilih pengiriman untuk {group.vendor.name}.",
                    )
    errors.raise_if_any()


@dataclass
class _Quoted:
    """The cart as read before locking, with its shipping quotes."""

    updated_at: datetime
    lines: list
    selected: dict[int, str]
    quotes: ShippingQuotes


def _quote_before_locking(*, token, user, now: datetime) -> _Quoted | None:
    """Every shipping choice of the open cart, quoted without a lock (None: nothing to quote)."""
    try:
        checkout, lines = get_checkout_with_lines(token=token, user=user)
    except DomainError:
        return None  # the locked path answers (not found, or the order already placed)
    return _Quoted(
        updated_at=checkout.updated_at,
        lines=lines,
        selected=dict(checkout.deliveries.values_list("vendor_id", "shipping_option_id")),
        quotes=quote_shipping(lines, destination_for(checkout.shipping_address), now=now),
    )


def _place_order(
    checkout: Checkout,
    *,
    user,
    gateway: str,
    key: str,
    now: datetime,
    sequence: int,
    quoted: _Quoted | None = None,
):
    if quoted is not None and quoted.updated_at == checkout.updated_at:
        # Every cart change (lines, address, delivery choice) saves the checkout row, which we
        # now hold locked: unchanged since it was read, the lines and choices stand.
        lines, selected = quoted.lines, quoted.selected
    else:
        lines = load_lines(checkout)
        selected = dict(checkout.deliveries.values_list("vendor_id", "shipping_option_id"))
    quotes = quoted.quotes if quoted is not None else None
    if quotes is None or not quotes.matches(lines):
        raise DomainError(
            "Isi keranjang berubah saat pesanan dibuat; periksa ongkir lalu coba lagi.",
            code="SHIPPING_NOT_AVAILABLE",
            field="lines",
        )
    pricing = price_checkout(checkout, now=now, lines=lines, selected=selected, quotes=quotes)
    _validate(checkout, lines, pricing)

    try:
        plan = plan_allocations(
            requests=[
                StockRequest(key=p.line.pk, variant_id=p.line.variant_id, quantity=p.quantity)
                for p in pricing.lines
            ],
            checkout_token=checkout.pk,
        )
    except InsufficientStock as exc:
        variant_of = {line.pk: line.variant_id for line in lines}
        short = sorted({variant_of[k] for k in exc.lines})
        names = {line.variant_id: line.variant.product.name for line in lines}
        raise InsufficientStock(
            "Stok tidak mencukupi untuk: " + ", ".join(names[v] for v in short) + ".",
            field="lines",
            lines=[encode_id("ProductVariant", v) for v in short],
            errors=[],
        ) from None

    # Under the stock locks: secure the voucher use and flash-sale units this very pricing
    # used (QuotaExceeded / VoucherInvalid roll the whole completion back).
    promotions = pricing.promotions
    if promotions is not None and checkout.voucher_code and promotions.voucher_rejection:
        # The shopper saw the voucher's price; it no longer applies (used up meanwhile, expired,
        # cart changed): refuse rather than charge another total.
        raise VoucherInvalid(promotions.voucher_rejection, field="voucherCode")
    if promotions is not None and (promotions.voucher_applied or promotions.flash_sale_claims()):
        redeem_promotions(
            order_ref=str(checkout.pk),
            priced_cart=promotions,
            customer=checkout_customer(checkout, user),
            now=now,
        )

    rates = commission_rates_for(line.variant for line in lines)
    address = Address.objects.create(
        **{k: v for k, v in checkout.shipping_address.items() if k in _ADDRESS_FIELDS}
    )
    order = Order.objects.create(
        number=order_number(sequence, now),
        checkout_token=checkout.pk,
        user_id=checkout.user_id or (user.pk if getattr(user, "is_authenticated", False) else None),
        email=checkout.email,
        status=OrderStatus.UNPAID,
        shipping_address=address,
        currency=pricing.currency,
        subtotal=pricing.subtotal,
        shipping_total=pricing.shipping,
        discount_total=pricing.discount,
        tax_total=pricing.tax,
        total=pricing.total,
        payment_gateway=gateway,
    )

    vendor_orders: list[VendorOrder] = []
    order_lines: list[VendorOrderLine] = []
    for index, group in enumerate(pricing.vendor_groups, start=1):
        line_rows = []
        for priced in group.lines:
            variant = priced.line.variant
            rate = rates[variant.pk]
            # Commission is on what the vendor is paid for: the line after vendor-funded
            # discounts (platform-funded ones are paid to the vendor by the platform).
            commission_base = priced.total + sum(
                (d.amount for d in priced.discounts if d.funded_by == "PLATFORM"), ZERO
            )
            line_rows.append(
                VendorOrderLine(
                    variant=variant,
                    product_name=variant.product.name,
                    variant_name=variant.name,
                    sku=variant.sku,
                    quantity=priced.quantity,
                    unit_price=priced.unit_price,
                    total=priced.total,
                    weight=variant.weight_grams,
                    tax_amount=priced.tax,
                    commission_rate=rate,
                    commission_amount=commission_amount(commission_base, rate),
                    discounts=[d.as_dict() for d in priced.discounts],
                )
            )
        option = group.selected_option
        vendor_order = VendorOrder(
            order=order,
            vendor=group.vendor,
            number=f"{order.number}-{index}",
            shipping_option_id=option.id,
            shipping_method_name=option.name,
            # A hub vendor order keeps the outbound service the hub quoted ("table:regular"),
            # which hubOutboundBook books again for the one consolidated parcel.
            shipping_carrier=option.service if option.id == HUB_OPTION_ID else option.carrier,
            shipping_price=group.shipping_price,
            promised_delivery_date=option.estimated_delivery_date,
            subtotal=group.subtotal,
            discount=group.discount,
            tax=group.tax,
            total=group.total,
            commission=sum((row.commission_amount for row in line_rows), 0),
            shipping_discounts=[d.as_dict() for d in group.shipping_discounts],
            platform_funded_discount=group.platform_funded_discount,
        )
        vendor_order._line_rows = line_rows
        vendor_orders.append(vendor_order)
    VendorOrder.objects.bulk_create(vendor_orders)
    line_keys = []
    for vendor_order, group in zip(vendor_orders, pricing.vendor_groups, strict=True):
        for row, priced in zip(vendor_order._line_rows, group.lines, strict=True):
            row.vendor_order = vendor_order
            order_lines.append(row)
            line_keys.append(priced.line.pk)
    VendorOrderLine.objects.bulk_create(order_lines)
    apply_allocations(
        plan=plan, order_line_ids={k: row.pk for k, row in zip(line_keys, order_lines, strict=True)}
    )

    payment = create_payment_record(order=order, gateway=gateway, idempotency_key=key, now=now)
    actor = user if getattr(user, "is_authenticated", False) else None
    OrderEvent.objects.bulk_create(
        [
            OrderEvent(
                order=order,
                type="order.placed",
                to_status=OrderStatus.UNPAID,
                actor=actor,
                actor_label="shopper",
                data={"gateway": gateway, "total": str(order.total)},
            )
        ]
        + [
            OrderEvent(
                order=order,
                vendor_order=vo,
                type="vendor_order.placed",
                to_status=vo.status,
                actor=actor,
                actor_label="shopper",
            )
            for vo in vendor_orders
        ]
    )
    emit_events(
        [
            NewEvent(
                "order.placed",
                {
                    "order_id": order.pk,
                    "number": order.number,
                    "total": str(order.total),
                    "gateway": gateway,
                    "vendor_orders": [vo.pk for vo in vendor_orders],
                },
                aggregate_type="order",
                aggregate_id=order.pk,
            )
        ]
        + [
            NewEvent(
                "order.placed",
                {
                    "order_id": order.pk,
                    "vendor_order_id": vendor_order.pk,
                    "number": vendor_order.number,
                    "total": str(vendor_order.total),
                },
                vendor_id=vendor_order.vendor_id,
                aggregate_type="vendor_order",
                aggregate_id=vendor_order.pk,
            )
            for vendor_order in vendor_orders
        ]
    )
    Checkout.objects.filter(pk=checkout.pk).update(completed_at=now)
    if plan.own_reservations:
        Reservation.objects.filter(checkout_token=checkout.pk).delete()
    return order, payment


_ADDRESS_FIELDS = {f.name for f in Address._meta.get_fields() if getattr(f, "concrete", False)} - {
    "id",
    "user",
    "created_at",
}
