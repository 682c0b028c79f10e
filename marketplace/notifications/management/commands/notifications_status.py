"""Print the notification backlog; `--sweep` also publishes and re-queues what was left behind.

manage.py notifications_status [--sweep]
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from ...relay import sweep_outbox
from ...services.delivery import retry_due_deliveries
from ...services.maintenance import backlog


class Command(BaseCommand):
    help = "Antrean notifikasi: peristiwa belum terbit, pengiriman per status."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sweep", action="store_true", help="Run the outbox and delivery sweeps now."
        )

    def handle(self, *args, **options):
        if options["sweep"]:
            published = sweep_outbox()
            queued = retry_due_deliveries()
            self.stdout.write(
                f"disapu: {published} peristiwa diterbitkan, {queued} pengiriman diantrekan"
            )
        self.stdout.write(json.dumps(backlog(), indent=2, sort_keys=True))
