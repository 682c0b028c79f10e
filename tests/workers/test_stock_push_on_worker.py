"""Outbound stock pushes on a real worker: a burst of POS sales becomes one push."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from marketplace.inventory.models import Stock
from marketplace.stocksync.models import StockPush
from tests.factories import StockFactory
from tests.notifications.receiver import Receiver
from tests.stocksync.helpers import make_channel, post_event

from .harness import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_burst_of_pos_sales_becomes_one_push(worker, broker, settings):
    settings.STOCK_PUSH_DEBOUNCE_SECONDS = 3
    receiver = Receiver().start()
    try:
        stock = StockFactory(quantity=50)
        pos = make_channel(stock.warehouse, code="galeri-pos-burst")
        make_channel(stock.warehouse, code="toko-lain-burst", kind="WEBHOOK", push_url=receiver.url)
        client = Client()
        burst_started = time.monotonic()
        for n in range(20):
            answer = post_event(
                client,
                pos.code,
                {"id": f"b-{n}", "type": "sale", "sku": stock.variant.sku, "quantity": 1},
            )
            assert answer.status_code == 200
        burst_seconds = time.monotonic() - burst_started
        assert burst_seconds < settings.STOCK_PUSH_DEBOUNCE_SECONDS, (
            "the burst was slower than the debounce window"
        )
        assert Stock.objects.get(pk=stock.pk).quantity == 30

        assert wait_until(lambda: receiver.count() >= 1, timeout=20)
        time.sleep(1.5)  # nothing else may follow for this burst
        assert receiver.count() == 1
        levels = receiver.requests[0].json()["levels"]
        assert levels == [{"sku": stock.variant.sku, "quantity": 30, "available": 30}]
        assert StockPush.objects.filter(status="SENT").count() == 1

        # A later change is pushed again, on its own.
        post_event(
            client,
            pos.code,
            {"id": "after", "type": "sale", "sku": stock.variant.sku, "quantity": 5},
        )
        assert wait_until(lambda: receiver.count() == 2, timeout=20)
        assert receiver.requests[1].json()["levels"][0]["quantity"] == 25
    finally:
        receiver.stop()
