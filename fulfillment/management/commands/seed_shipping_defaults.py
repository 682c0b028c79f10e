from django.core.management.base import BaseCommand

from fulfillment.defaults import seed_shipping_defaults


class Command(BaseCommand):
    help = (
        "Create the starting shipping zones, tariffs, same-day courier and Galeri hub (idempotent)."
    )

    def handle(self, *args, **options):
        created = seed_shipping_defaults()
        self.stdout.write(f"Zona baru: {created['zones']}, tarif baru: {created['rates']}")
