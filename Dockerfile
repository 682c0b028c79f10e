# Galeri IKM: one image for web (gunicorn), worker and beat (celery). See docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first (cached while only the code changes). Every wheel we use (psycopg[binary],
# Pillow, argon2-cffi) ships manylinux binaries, so no compiler is needed.
COPY requirements.lock pyproject.toml ./
RUN pip install -r requirements.lock

COPY . .

# Static files are collected at build time and served by WhiteNoise. collectstatic needs settings
# but no database: a throwaway key and DEBUG off are enough here; the real key comes at run time.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_DEBUG=0 STATIC_ROOT=/app/var/static \
    python manage.py collectstatic --noinput -v0

RUN useradd --system --uid 1000 --home-dir /app galeri \
    && mkdir -p /app/var/media \
    && chown -R galeri:galeri /app/var
USER galeri

ENV STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/app/var/media

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
