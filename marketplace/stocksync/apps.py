from django.apps import AppConfig


class StocksyncConfig(AppConfig):
    """Stock channels (gallery POS, webhooks, CSV stocktakes) and their sync with the shop."""

    name = "marketplace.stocksync"
    label = "stocksync"
