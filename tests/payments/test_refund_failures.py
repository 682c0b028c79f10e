"""Refunds that fail for good: refused by Stripe, out of attempts, or failed later by webhook.

A refund is booked (ledger, refunded amounts) when staff ask for it and sent to Stripe after
commit. When Stripe will never pay it back, the booking must be undone exactly once, to the
Rupiah per account, staff must hear about it, and a new refund must then work as usual.

Stripe is localstripe on loopback; refusals and outages it cannot produce (a disputed charge,
5xx, rate limits) come from `FlakyStripe`, a pass-through proxy in front of it that answers
chosen calls with Stripe-shaped errors, so the real SDK raises its real exception classes.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.test import Client

from marketplace.notifications.models import Delivery, OutboxEvent
from marketplace.notifications.tasks import dispatch_event
from marketplace.orders.models import Order, OrderEvent, VendorOrder
from payments.models import LedgerEntry, Payment, PaymentTransaction, ProviderEvent
from payments.tasks import execute_pending_refunds
from tests.checkout.support import ORDER, gid, run_together

from . import test_stripe_refunds
from .support import deliver
from .test_stripe_refunds import (
    CLOSED_PORT,
    VENDOR_CANCEL,
    ledger_sum,
    minor,
    refund,
    statement,
    stripe_refunds,
)

pytestmark = pytest.mark.django_db(transaction=True)

# A two-vendor order on a 10% commission plan, paid by card at localstripe.
paid = test_stripe_refunds.paid

DISPUTED = {
    "error": {
        "type": "invalid_request_error",
        "code": "charge_disputed",
        "message": "Charge ch_1 has been disputed; it cannot be refunded.",
    }
}
UNAVAILABLE = {"error": {"type": "api_error", "message": "Service temporarily unavailable."}}
RATE_LIMITED = {
    "error": {
        "type": "invalid_request_error",
        "code": "rate_limit",
        "message": "Too many requests hit the API too quickly.",
    }
}


class FlakyStripe:
    """An HTTP proxy to localstripe that answers chosen calls with an error instead."""

    def __init__(self, upstream: str):
        self.upstream = urlsplit(upstream)
        self.answers: dict[tuple[str, str], list[tuple[int, dict]]] = {}
        self.hits: Counter = Counter()
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _handle(self):
                path = self.path.split("?")[0]
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with proxy.lock:
                    proxy.hits[(self.command, path)] += 1
                    queue = proxy.answers.get((self.command, path))
                    canned = (queue.pop(0) if len(queue) > 1 else queue[0]) if queue else None
                if canned is not None:
                    status, payload = canned
                    self._reply(status, json.dumps(payload).encode(), {})
                    return
                upstream = http.client.HTTPConnection(
                    proxy.upstream.hostname, proxy.upstream.port, timeout=30
                )
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                upstream.request(self.command, self.path, body=body, headers=headers)
                response = upstream.getresponse()
                self._reply(response.status, response.read(), dict(response.getheaders()))
                upstream.close()

            def _reply(self, status, payload, headers):
                self.send_response(status)
                skip = {"content-length", "transfer-encoding", "connection", "server", "date"}
                for key, value in headers.items():
                    if key.lower() not in skip:
                        self.send_header(key, value)
                if not headers:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_DELETE = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, method: str, path: str, *answers: tuple[int, dict]) -> None:
        """Answer `method path` with these (status, body) in turn, the last one from then on."""
        with self.lock:
            self.answers[(method, path)] = list(answers)

    def pass_through(self) -> None:
        with self.lock:
            self.answers.clear()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def flaky_stripe(paid, settings):
    """Stripe behind `FlakyStripe`, set up after the order was paid at localstripe."""
    proxy = FlakyStripe(settings.STRIPE_API_BASE)
    settings.STRIPE_API_BASE = proxy.url
    yield proxy
    proxy.close()


def ledger_by_account() -> dict:
    """Σ ledger entries per (vendor order, account): what a refund must leave as it found."""
    rows = (
        LedgerEntry.objects.values("vendor_order_id", "account")
        .annotate(s=Sum("amount"))
        .order_by()
    )
    return {(row["vendor_order_id"], row["account"]): row["s"] for row in rows}


def money_state() -> dict:
    payment = Payment.objects.get()
    return {
        "payment": (payment.status, payment.refunded_amount),
        "vendor_orders": sorted(VendorOrder.objects.values_list("pk", "refunded_amount")),
        "order": Order.objects.get().status,
        "ledger": ledger_by_account(),
    }


def refund_failed_events():
    return OutboxEvent.objects.filter(kind="refund.failed")


def assert_staff_told_once() -> None:
    """The one `refund.failed` event reaches marketplace staff (and nobody else) once."""
    [event] = refund_failed_events()
    dispatch_event.apply(args=[str(event.pk)])
    dispatch_event.apply(args=[str(event.pk)])
    [staff_user] = get_user_model().objects.filter(is_staff=True)
    deliveries = Delivery.objects.filter(event=event, channel="email")
    assert [(d.audience, d.recipient) for d in deliveries] == [("staff", staff_user.email)]


def test_a_refund_stripe_refuses_is_failed_once_and_undone_exactly(paid, flaky_stripe):
    staff, intent = paid["staff"], paid["intent"]
    vendor_a, owner_a, vo_a = paid["a"]
    before = money_state()
    statement_before = statement(owner_a, vendor_a)
    flaky_stripe.answer("POST", "/v1/refunds", (400, DISPUTED))

    answer = refund(staff, vo_a, 50000, "sengketa")

    # Booked in the mutation, refused by Stripe right after commit, undone at once.
    assert answer["errors"] == [], answer["errors"]
    txn = PaymentTransaction.objects.get(kind="REFUND")
    assert txn.status == "FAILED" and txn.attempts == 1
    assert "disputed" in txn.error
    assert flaky_stripe.hits[("POST", "/v1/refunds")] == 1
    assert stripe_refunds(intent) == []
    assert money_state() == before
    assert money_state()["payment"] == ("CAPTURED", 0)
    assert statement(owner_a, vendor_a) == statement_before
    [history] = OrderEvent.objects.filter(type="payment.refund_failed")
    assert history.vendor_order_id == vo_a.pk and history.actor_label == "gateway:stripe"
    assert history.data["amount"] == "50000" and "disputed" in history.data["reason"]
    [event] = refund_failed_events()
    assert event.payload["vendor_order_id"] == vo_a.pk and event.payload["amount"] == "50000"
    assert_staff_told_once()
    seen = staff.data(ORDER, {"id": paid["order_gid"]})["order"]
    assert "payment.refund_failed" in [e["type"] for e in seen["events"]]
    assert seen["payments"][0]["refundedAmount"]["amount"] == "0"

    # Never sent again: not by the task, not by the same request replayed.
    assert execute_pending_refunds.apply().get() == 0
    replay = refund(staff, vo_a, 50000, "sengketa")
    assert replay["refundId"] == answer["refundId"]
    assert flaky_stripe.hits[("POST", "/v1/refunds")] == 1
    assert money_state() == before
    assert refund_failed_events().count() == 1

    # Staff refund again under a new key once Stripe takes it: booked and paid as usual.
    flaky_stripe.pass_through()
    again = refund(staff, vo_a, 50000, "sengketa-2")

    assert again["errors"] == [] and again["refundId"] != answer["refundId"]
    [at_stripe] = stripe_refunds(intent)
    assert at_stripe["amount"] == minor(50000) and at_stripe["status"] == "succeeded"
    assert PaymentTransaction.objects.get(pk=txn.pk).status == "FAILED"
    assert PaymentTransaction.objects.exclude(pk=txn.pk).get(kind="REFUND").status == "SUCCESS"
    assert ledger_sum(vo_a) == vo_a.total - 50000
    assert statement(owner_a, vendor_a)["refunds"] == 50000
    assert Payment.objects.get().refunded_amount == 50000


def test_a_cancellation_refund_that_fails_leaves_the_money_for_staff_to_refund(paid, flaky_stripe):
    """The vendor cancels; Stripe refuses the refund. The vendor order stays cancelled, the books
    say nothing was returned, and staff's full refund afterwards reverses everything exactly."""
    staff, intent = paid["staff"], paid["intent"]
    _, owner_b, vo_b = paid["b"]
    before = ledger_by_account()
    flaky_stripe.answer("POST", "/v1/refunds", (400, DISPUTED))

    cancelled = owner_b.data(VENDOR_CANCEL, {"id": gid("VendorOrder", vo_b.pk)})
    assert cancelled["vendorOrderCancel"]["errors"] == []

    assert VendorOrder.objects.get(pk=vo_b.pk).status == "CANCELLED"
    assert VendorOrder.objects.get(pk=vo_b.pk).refunded_amount == 0
    assert ledger_by_account() == before
    assert Payment.objects.get().status == "CAPTURED"
    assert refund_failed_events().count() == 1

    flaky_stripe.pass_through()
    assert refund(staff, vo_b, vo_b.total, "batal-manual")["errors"] == []

    assert [r["amount"] for r in stripe_refunds(intent)] == [minor(vo_b.total)]
    assert ledger_sum(vo_b) == 0 and ledger_sum(vo_b, account="PLATFORM_COMMISSION") == 0
    assert Payment.objects.get().refunded_amount == vo_b.total


def test_transient_errors_are_retried_up_to_the_cap_then_failed_the_same_way(
    paid, flaky_stripe, settings
):
    settings.PAYMENTS_REFUND_MAX_ATTEMPTS = 3
    staff, intent = paid["staff"], paid["intent"]
    _, owner_a, vo_a = paid["a"]
    before = money_state()
    flaky_stripe.answer("POST", "/v1/refunds", (503, UNAVAILABLE), (429, RATE_LIMITED))

    answer = refund(staff, vo_a, 70000, "gangguan")  # attempt 1: 503 (after the SDK's retries)

    assert answer["errors"] == []
    txn = PaymentTransaction.objects.get(kind="REFUND")
    assert (txn.status, txn.attempts) == ("PENDING", 1)
    assert Payment.objects.get().refunded_amount == 70000  # still owed to the shopper

    assert execute_pending_refunds.apply().get() == 0  # attempt 2: 429
    txn.refresh_from_db()
    assert (txn.status, txn.attempts) == ("PENDING", 2)
    assert not refund_failed_events().exists()

    settings.STRIPE_API_BASE = CLOSED_PORT
    assert execute_pending_refunds.apply().get() == 0  # attempt 3: unreachable → out of attempts

    txn.refresh_from_db()
    assert (txn.status, txn.attempts) == ("FAILED", 3)
    assert "3 percobaan" in txn.error
    assert money_state() == before
    assert OrderEvent.objects.filter(type="payment.refund_failed").count() == 1
    assert_staff_told_once()

    settings.STRIPE_API_BASE = flaky_stripe.url
    flaky_stripe.pass_through()
    assert execute_pending_refunds.apply().get() == 0  # a failed refund is never sent again
    txn.refresh_from_db()
    assert txn.attempts == 3
    assert stripe_refunds(intent) == []


def test_a_transient_error_then_success_is_not_failed(paid, flaky_stripe, settings):
    settings.PAYMENTS_REFUND_MAX_ATTEMPTS = 2
    staff, intent = paid["staff"], paid["intent"]
    _, _, vo_a = paid["a"]
    flaky_stripe.answer("POST", "/v1/refunds", (429, RATE_LIMITED))

    refund(staff, vo_a, 20000, "sekali-gagal")
    flaky_stripe.pass_through()
    assert execute_pending_refunds.apply().get() == 1

    txn = PaymentTransaction.objects.get(kind="REFUND")
    assert (txn.status, txn.attempts, txn.error) == ("SUCCESS", 2, "")
    assert [r["amount"] for r in stripe_refunds(intent)] == [minor(20000)]
    assert not refund_failed_events().exists()
    assert ledger_sum(vo_a) == vo_a.total - 20000


# --- refund.failed webhooks ------------------------------------------------------------------


def refund_event(refund: dict, *, event_id: str, type: str = "refund.failed", **changes) -> dict:
    """A Stripe event about one refund, as Stripe sends it (signed by `deliver`)."""
    return {
        "id": event_id,
        "object": "event",
        "type": type,
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": {**refund, **changes}},
    }


@pytest.fixture
def refunded(paid):
    """50.000 of vendor A's order refunded, and accepted by Stripe."""
    staff, intent = paid["staff"], paid["intent"]
    _, _, vo_a = paid["a"]
    before = money_state()
    assert refund(staff, vo_a, 50000, "diterima")["errors"] == []
    [at_stripe] = stripe_refunds(intent)
    assert PaymentTransaction.objects.get(kind="REFUND").status == "SUCCESS"
    return before, at_stripe


def test_a_refund_failed_webhook_undoes_an_accepted_refund_once(paid, refunded):
    before, at_stripe = refunded
    staff = paid["staff"]
    _, owner_a, vo_a = paid["a"]
    failed = refund_event(
        at_stripe,
        event_id="evt_refund_failed_1",
        status="failed",
        failure_reason="expired_or_canceled_card",
    )

    answers = [deliver(failed) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.json()["status"] for a in answers] == ["applied", "duplicate", "duplicate"]
    txn = PaymentTransaction.objects.get(kind="REFUND")
    assert txn.status == "FAILED" and txn.error == "Stripe: expired_or_canceled_card"
    assert money_state() == before
    assert statement(owner_a, paid["a"][0])["refunds"] == 0
    [history] = OrderEvent.objects.filter(type="payment.refund_failed")
    assert history.actor_label == "webhook:refund.failed"
    assert_staff_told_once()

    # The same failure told again by another event, and events that say nothing failed.
    updated = refund_event(
        at_stripe, event_id="evt_refund_updated_1", type="refund.updated", status="failed"
    )
    succeeded = refund_event(at_stripe, event_id="evt_refund_updated_2", type="refund.updated")
    unknown = refund_event(
        {**at_stripe, "id": "re_made_in_the_dashboard"},
        event_id="evt_refund_failed_2",
        status="failed",
    )
    assert deliver(updated).json()["status"] == "unchanged"
    assert deliver(succeeded).json()["status"] == "ignored"
    assert deliver(unknown).json()["status"] == "ignored"
    assert money_state() == before
    assert refund_failed_events().count() == 1
    assert OrderEvent.objects.filter(type="payment.refund_failed").count() == 1

    # Staff refund again: booked once more, the commission split still exact at the end.
    assert refund(staff, vo_a, vo_a.total, "ulang-penuh")["errors"] == []
    assert ledger_sum(vo_a) == 0 and ledger_sum(vo_a, account="PLATFORM_COMMISSION") == 0


def test_a_refund_updated_to_canceled_is_failed_too(paid, refunded):
    before, at_stripe = refunded
    canceled = refund_event(
        at_stripe, event_id="evt_refund_canceled", type="refund.updated", status="canceled"
    )

    assert deliver(canceled).json()["status"] == "applied"

    assert PaymentTransaction.objects.get(kind="REFUND").status == "FAILED"
    assert money_state() == before


def test_refund_failure_webhooks_delivered_at_once_undo_the_refund_once(paid, refunded):
    before, at_stripe = refunded
    events = [
        refund_event(at_stripe, event_id="evt_same", status="failed"),
        refund_event(at_stripe, event_id="evt_same", status="failed"),
        refund_event(at_stripe, event_id="evt_other", type="refund.updated", status="failed"),
    ]

    answers = run_together([lambda e=e: deliver(e, client=Client()) for e in events])

    assert all(not isinstance(a, BaseException) for a in answers), answers
    assert all(a.status_code == 200 for a in answers), [a.content for a in answers]
    statuses = sorted(a.json()["status"] for a in answers)
    assert statuses.count("applied") == 1, statuses
    assert set(statuses) <= {"applied", "duplicate", "unchanged"}, statuses
    assert money_state() == before
    assert refund_failed_events().count() == 1
    assert OrderEvent.objects.filter(type="payment.refund_failed").count() == 1
    assert ProviderEvent.objects.filter(type__startswith="refund.").count() == 2


def test_an_earlier_refund_failing_after_a_later_one_keeps_the_commission_exact(paid):
    """Commission is reversed cumulatively and rounded to the Rupiah. Two equal refunds where
    rounding differs (c(2x) ≠ 2·c(x)), the first one failing afterwards: the full refund that
    follows must still give back exactly the commission that was booked, no Rupiah more."""
    from marketplace.core.money import quantize_rupiah

    staff, intent = paid["staff"], paid["intent"]
    _, _, vo_a = paid["a"]

    def commission(amount):
        return quantize_rupiah(vo_a.commission * amount / vo_a.total)

    x = next(x for x in range(1000, 20000) if commission(2 * x) != 2 * commission(x))
    assert refund(staff, vo_a, x, "pertama")["errors"] == []
    assert refund(staff, vo_a, x, "kedua")["errors"] == []
    first = PaymentTransaction.objects.filter(kind="REFUND").earliest("pk")
    [at_stripe] = [r for r in stripe_refunds(intent) if r["id"] == first.provider_reference]
    failed = refund_event(at_stripe, event_id="evt_first_failed", status="failed")
    assert deliver(failed).json()["status"] == "applied"
    assert VendorOrder.objects.get(pk=vo_a.pk).refunded_amount == x
    assert ledger_sum(vo_a) == vo_a.total - x

    assert refund(staff, vo_a, vo_a.total - x, "sisanya")["errors"] == []

    assert ledger_sum(vo_a, account="PLATFORM_COMMISSION") == 0
    assert ledger_sum(vo_a) == 0
    assert Payment.objects.get().refunded_amount == vo_a.total
