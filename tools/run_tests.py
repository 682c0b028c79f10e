"""Runs pytest with the environment the suite expects: PostgreSQL, Redis, production-like settings."""

import os
import sys

import pytest

DEFAULTS = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_SECRET_KEY": "test-secret-key-not-for-production-0123456789abcdef",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/galeri",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "TEST_DATABASE_NAME": "test_galeri",
    "CACHE_KEY_PREFIX": "galeri-test",
    "CELERY_TASK_ALWAYS_EAGER": "1",
    "GALERI_FAST_PASSWORD_HASHER": "1",
    "MEDIA_ROOT": os.path.join(os.getcwd(), "var", "test-media"),
    "DB_CONN_MAX_AGE": "0",
}


def main() -> int:
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    args = sys.argv[1:] or ["tests"]
    return pytest.main(args)


if __name__ == "__main__":
    sys.exit(main())
