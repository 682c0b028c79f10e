"""Galeri IKM settings, read from the environment.

Two shapes share this file:
- the embedded default (no DATABASE_URL / REDIS_URL): SQLite next to the code, a local-memory
  cache and Celery tasks run in-process, so `make run` works on a machine with only Python;
- the production shape (docker-compose.yml, the test suite): PostgreSQL and Redis.

Defaults are safe for production: DEBUG is off unless DJANGO_DEBUG=1 says otherwise.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG and not env_bool("GALERI_ALLOW_INSECURE_KEY", False):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it, or run with DJANGO_DEBUG=1 for development."
        )
    SECRET_KEY = "insecure-development-key-change-me-" + "x" * 20

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "graphene_django",
    "django_htmx",
    "marketplace.core",
    "marketplace.accounts",
    "vendors",
    "marketplace.catalog",
    "marketplace.inventory",
    "marketplace.checkout",
    "marketplace.orders",
    "marketplace.promotions",
    "marketplace.notifications",
    "marketplace.stocksync",
    "marketplace.storefront",
    "fulfillment",
    "payments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "var" / "galeri.sqlite3")),
            "OPTIONS": {"timeout": 20},
        }
    }
# Each parallel test run (a developer, CI) may pick its own test database name.
DATABASES["default"].setdefault("TEST", {})
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"]["NAME"] = os.environ["TEST_DATABASE_NAME"]
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Redis: cache, Celery broker, rate limits ------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "galeri")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "marketplace.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "galeri",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
RATE_LIMIT_STORAGE_URI = os.environ.get("RATE_LIMIT_STORAGE_URI") or (
    REDIS_URL if REDIS_URL else "memory://"
)

# --- Celery ----------------------------------------------------------------------------------
# See DESIGN.md "decisions that protect money, stock and messages". Without REDIS_URL the
# embedded default runs tasks in-process (eager), so a laptop needs no broker.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
# At-least-once: a task is acknowledged only after it ran; a worker killed mid-task hands the
# message back (reject_on_worker_lost) and every side effect is de-duplicated by its own record.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis re-delivers an unacknowledged message after the visibility timeout: every time limit
# (and every countdown/ETA we use) stays well under it, so a slow task is never run twice at once.
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "240"))
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "300"))
if not CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < CELERY_VISIBILITY_TIMEOUT:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Celery time limits must stay under the broker visibility timeout.")
# Queue names; CELERY_QUEUE_SUFFIX lets parallel test runs share one Redis without sharing queues.
CELERY_QUEUE_SUFFIX = os.environ.get("CELERY_QUEUE_SUFFIX", "")
CELERY_QUEUE_NOTIFICATIONS = "notifications" + CELERY_QUEUE_SUFFIX
CELERY_QUEUE_STOCK_SYNC = "stock_sync" + CELERY_QUEUE_SUFFIX
CELERY_QUEUE_SCHEDULED = "scheduled" + CELERY_QUEUE_SUFFIX
CELERY_TASK_DEFAULT_QUEUE = "default" + CELERY_QUEUE_SUFFIX
CELERY_TASK_ROUTES = {
    "*.scheduled.*": {"queue": CELERY_QUEUE_SCHEDULED},
    "marketplace.notifications.*": {"queue": CELERY_QUEUE_NOTIFICATIONS},
    "marketplace.stocksync.*": {"queue": CELERY_QUEUE_STOCK_SYNC},
    "marketplace.inventory.*": {"queue": CELERY_QUEUE_STOCK_SYNC},
}
# Retries for transient errors only (network, 5xx, 429): exponential backoff with jitter.
CELERY_RETRY_BACKOFF_MAX = int(os.environ.get("CELERY_RETRY_BACKOFF_MAX", "600"))
CELERY_TIMEZONE = "Asia/Jakarta"
# Beat (run exactly one): a dict that every app adds its entries to.
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BEAT_SCHEDULE.update(
    {
        "orders-expire-unpaid": {
            "task": "payments.scheduled.expire_unpaid_orders",
            "schedule": 300.0,
        },
        "orders-auto-cancel-unaccepted": {
            "task": "orders.scheduled.auto_cancel_unaccepted_vendor_orders",
            "schedule": 900.0,
        },
        "inventory-release-expired-reservations": {
            "task": "orders.scheduled.release_expired_reservations",
            "schedule": 600.0,
        },
        "payments-reconcile-stripe": {
            "task": "payments.scheduled.reconcile_pending_payments",
            "schedule": 600.0,
        },
        "payments-execute-refunds": {
            "task": "payments.scheduled.execute_pending_refunds",
            "schedule": 300.0,
        },
        "ledger-release-earnings": {
            "task": "payments.scheduled.release_earnings",
            "schedule": 3600.0,
        },
        "ledger-payouts": {"task": "payments.scheduled.run_payouts", "schedule": 86400.0},
    }
)

CELERY_BEAT_SCHEDULE.update(
    {
        # Issue 6: outbox, notifications and stock sync.
        "notifications-sweep-outbox": {
            "task": "marketplace.notifications.scheduled.sweep_outbox",
            "schedule": float(os.environ.get("OUTBOX_SWEEP_INTERVAL", "30")),
        },
        "notifications-retry-deliveries": {
            "task": "marketplace.notifications.scheduled.retry_due_deliveries",
            "schedule": 60.0,
        },
        "notifications-purge-old": {
            "task": "marketplace.notifications.scheduled.purge_old_notifications",
            "schedule": 86400.0,
        },
        "stocksync-low-stock-digest": {
            "task": "marketplace.stocksync.scheduled.send_low_stock_digest",
            "schedule": 86400.0,
        },
        "stocksync-push-changed-stock": {
            "task": "marketplace.stocksync.scheduled.push_changed_stock",
            "schedule": 60.0,
        },
    }
)

# Issue 7: promotions start and end on time; shown prices lag by at most ~30 s.
CELERY_BEAT_SCHEDULE["promotions-refresh-prices"] = {
    "task": "marketplace.promotions.scheduled.refresh_promotion_prices",
    "schedule": 30.0,
}

# Fulfilment (issue 5): poll outside carriers' tracking (webhooks may be lost), warn sellers
# close to their ship-by deadline.
CELERY_BEAT_SCHEDULE["fulfillment-poll-tracking"] = {
    "task": "fulfillment.scheduled.poll_tracking",
    "schedule": float(os.environ.get("FULFILLMENT_POLL_INTERVAL", "1800")),
}
CELERY_BEAT_SCHEDULE["fulfillment-warn-handling-time"] = {
    "task": "fulfillment.scheduled.warn_handling_time",
    "schedule": 900.0,
}
CELERY_BEAT_SCHEDULE["fulfillment-return-uncollected-pickups"] = {
    "task": "fulfillment.scheduled.return_uncollected_pickups",
    "schedule": 3600.0,
}
COURIER_AGGREGATOR_COURIERS = env_list(
    "COURIER_AGGREGATOR_COURIERS", "jne,jnt,sicepat,anteraja,pos"
)
COURIER_AGGREGATOR_TIMEOUT = float(os.environ.get("COURIER_AGGREGATOR_TIMEOUT", "8"))
COURIER_AGGREGATOR_MAX_ATTEMPTS = int(os.environ.get("COURIER_AGGREGATOR_MAX_ATTEMPTS", "3"))
COURIER_AGGREGATOR_BACKOFF_SECONDS = float(
    os.environ.get("COURIER_AGGREGATOR_BACKOFF_SECONDS", "0.5")
)
FULFILLMENT_QUOTE_CACHE_SECONDS = int(os.environ.get("FULFILLMENT_QUOTE_CACHE_SECONDS", "300"))
FULFILLMENT_HANDLING_WARNING_HOURS = float(
    os.environ.get("FULFILLMENT_HANDLING_WARNING_HOURS", "6")
)

# --- Notifications and stock sync (issue 6) --------------------------------------------------
# Outbox events still unpublished this long after commit are published by the sweep; published
# but undispatched events (a lost message) are re-published after OUTBOX_REDISPATCH_AFTER.
OUTBOX_PUBLISH_GRACE_SECONDS = int(os.environ.get("OUTBOX_PUBLISH_GRACE_SECONDS", "10"))
OUTBOX_REDISPATCH_AFTER_SECONDS = int(os.environ.get("OUTBOX_REDISPATCH_AFTER_SECONDS", "300"))
# A delivery still "sending" this long after its attempt started was interrupted (worker died).
DELIVERY_STALE_AFTER_SECONDS = int(os.environ.get("DELIVERY_STALE_AFTER_SECONDS", "600"))
NOTIFICATION_RETENTION_DAYS = int(os.environ.get("NOTIFICATION_RETENTION_DAYS", "90"))
NOTIFICATION_HTTP_TIMEOUT = float(os.environ.get("NOTIFICATION_HTTP_TIMEOUT", "10"))
# Vendor webhooks: exponential backoff (base × 2^n, capped, equal jitter) for 24 hours, then the
# delivery fails; a subscription is disabled after this many failed attempts in a row.
WEBHOOK_RETRY_BASE_SECONDS = int(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "60"))
WEBHOOK_RETRY_MAX_DELAY_SECONDS = int(os.environ.get("WEBHOOK_RETRY_MAX_DELAY_SECONDS", "21600"))
WEBHOOK_RETRY_WINDOW_SECONDS = int(os.environ.get("WEBHOOK_RETRY_WINDOW_SECONDS", "86400"))
WEBHOOK_DISABLE_AFTER_FAILURES = int(os.environ.get("WEBHOOK_DISABLE_AFTER_FAILURES", "20"))
# Loopback/private webhook targets are refused in production (SSRF); tests and demos allow them.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", DEBUG)
# Chat-app channel (WhatsApp-style): "log" for the demo, "meta" for a Meta Cloud API-shaped API.
CHAT_BACKEND = os.environ.get("CHAT_BACKEND", "log")
CHAT_API_BASE_URL = os.environ.get("CHAT_API_BASE_URL", "https://graph.facebook.com/v21.0")
CHAT_ACCESS_TOKEN = os.environ.get("CHAT_ACCESS_TOKEN", "")
CHAT_PHONE_NUMBER_ID = os.environ.get("CHAT_PHONE_NUMBER_ID", "")
# Stock channels: signatures older than this are refused; outbound pushes wait this long to
# gather a burst of changes into one push.
STOCK_CHANNEL_SIGNATURE_TOLERANCE = int(os.environ.get("STOCK_CHANNEL_SIGNATURE_TOLERANCE", "300"))
STOCK_PUSH_DEBOUNCE_SECONDS = float(os.environ.get("STOCK_PUSH_DEBOUNCE_SECONDS", "5"))
STOCK_COUNT_MAX_ROWS = int(os.environ.get("STOCK_COUNT_MAX_ROWS", "20000"))
LOW_STOCK_THRESHOLD = int(os.environ.get("LOW_STOCK_THRESHOLD", "3"))

# --- Auth ------------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("GALERI_FAST_PASSWORD_HASHER", False):
    # Test-only switch: Argon2 stays the hasher that real accounts use.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
JWT_SIGNING_KEY = os.environ.get("JWT_SIGNING_KEY", SECRET_KEY)
JWT_ACCESS_TTL = timedelta(minutes=int(os.environ.get("JWT_ACCESS_TTL_MINUTES", "15")))
JWT_REFRESH_TTL = timedelta(days=int(os.environ.get("JWT_REFRESH_TTL_DAYS", "30")))
LOGIN_RATE_LIMIT_PER_ACCOUNT = os.environ.get("LOGIN_RATE_LIMIT_PER_ACCOUNT", "5/minute")
LOGIN_RATE_LIMIT_PER_IP = os.environ.get("LOGIN_RATE_LIMIT_PER_IP", "20/minute")
LOGIN_URL = "/akun/masuk/"

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
DEFAULT_CURRENCY = "IDR"

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]  # base layout CSS/JS, vendored htmx
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MAX_IMAGE_UPLOAD_BYTES = int(os.environ.get("MAX_IMAGE_UPLOAD_BYTES", str(5 * 1024 * 1024)))
# Images arrive base64-encoded in GraphQL (4 characters per 3 bytes), plus the rest of the body.
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_IMAGE_UPLOAD_BYTES * 4 // 3 + 1024 * 1024

# --- Email -----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Galeri IKM <noreply@galeri-ikm.id>")

# --- Payments and carriers -------------------------------------------------------------------
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")
STRIPE_JS_URL = os.environ.get("STRIPE_JS_URL", "https://js.stripe.com/v3/")
BANK_TRANSFER_CALLBACK_SECRET = os.environ.get("BANK_TRANSFER_CALLBACK_SECRET", SECRET_KEY)
PAYMENT_PENDING_TTL = timedelta(minutes=int(os.environ.get("PAYMENT_PENDING_TTL_MINUTES", "60")))
# A refund the provider cannot be reached for is retried by beat every 5 minutes, this many times
# (≈ 1 hour) before it counts as failed and is undone (staff are told).
PAYMENTS_REFUND_MAX_ATTEMPTS = int(os.environ.get("PAYMENTS_REFUND_MAX_ATTEMPTS", "12"))
# Checkout, orders and the vendor ledger (issue 4).
# PPN for PKP vendors: dated (from, rate, base fraction); prices are PPN-inclusive, so the PPN part
# of a price is price × r / (1 + r) with r = rate × fraction (12% × 11/12 = 11% since 2025).
PPN_RATES = [("2022-04-01", "0.11", "1"), ("2025-01-01", "0.12", "11/12")]
VENDOR_ACCEPT_TIMEOUT_HOURS = int(os.environ.get("VENDOR_ACCEPT_TIMEOUT_HOURS", "48"))
ORDER_RETURN_WINDOW_DAYS = int(os.environ.get("ORDER_RETURN_WINDOW_DAYS", "3"))
PAYOUT_MINIMUM_AMOUNT = int(os.environ.get("PAYOUT_MINIMUM_AMOUNT", "10000"))
BANK_TRANSFER_BANK_CODE = os.environ.get("BANK_TRANSFER_BANK_CODE", "8808")
CHECKOUT_MAX_LINES = int(os.environ.get("CHECKOUT_MAX_LINES", "100"))
CHECKOUT_MAX_QUANTITY = int(os.environ.get("CHECKOUT_MAX_QUANTITY", "999"))
COURIER_AGGREGATOR_BASE_URL = os.environ.get("COURIER_AGGREGATOR_BASE_URL", "")
COURIER_AGGREGATOR_API_KEY = os.environ.get("COURIER_AGGREGATOR_API_KEY", "")
COURIER_AGGREGATOR_WEBHOOK_SECRET = os.environ.get("COURIER_AGGREGATOR_WEBHOOK_SECRET", "")

# --- GraphQL ---------------------------------------------------------------------------------
GRAPHENE = {"SCHEMA": "config.schema.schema"}
GRAPHQL_MAX_DEPTH = int(os.environ.get("GRAPHQL_MAX_DEPTH", "12"))
GRAPHQL_MAX_COST = int(os.environ.get("GRAPHQL_MAX_COST", "50000"))
GRAPHQL_MAX_PAGE_SIZE = 100
GRAPHQL_RESPONSE_CACHE_SECONDS = int(os.environ.get("GRAPHQL_RESPONSE_CACHE_SECONDS", "60"))

# --- Security (safe defaults; HSTS and secure cookies when served over HTTPS) ----------------
SECURE_HTTPS = env_bool("DJANGO_SECURE_HTTPS", not DEBUG and SITE_URL.startswith("https://"))
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
