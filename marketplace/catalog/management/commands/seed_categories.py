from django.core.management.base import BaseCommand

from marketplace.catalog.services.categories import seed_categories


class Command(BaseCommand):
    help = "Create the gallery's sectors (Batik, Kuliner, Makanan olahan, ...) as categories; idempotent."

    def handle(self, *args, **options):
        created = seed_categories()
        self.stdout.write(f"{created} kategori dibuat.")
