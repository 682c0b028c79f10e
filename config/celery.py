"""The one Celery app. Tasks are thin wrappers around domain services (see DESIGN.md)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("galeri")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
