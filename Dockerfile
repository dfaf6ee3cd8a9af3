# Production image of the Jin-Ping-Jia portal (web, worker and beat share it).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH" \
    PORTAL_VAR_DIR=/var/lib/portal

# A TrueType font with Chinese glyphs for the training certificates' PDF (embedded in each file;
# nothing is fetched at run time).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv==0.13.9 \
    && useradd --system --create-home --home-dir /app portal
WORKDIR /app

COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY --chown=portal:portal . .
# collectstatic needs settings, not secrets or services.
RUN DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && mkdir -p /var/lib/portal/media && chown -R portal:portal /var/lib/portal

USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--timeout", "60"]
