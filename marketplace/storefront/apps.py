from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "marketplace.storefront"
    label = "storefront"
