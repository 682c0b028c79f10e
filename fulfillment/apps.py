from django.apps import AppConfig


class FulfillmentConfig(AppConfig):
    name = "fulfillment"
    label = "fulfillment"

    def ready(self) -> None:
        from .config import connect_signals

        connect_signals()
