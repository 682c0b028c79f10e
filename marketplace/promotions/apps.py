from django.apps import AppConfig


class PromotionsConfig(AppConfig):
    name = "marketplace.promotions"
    label = "promotions"
