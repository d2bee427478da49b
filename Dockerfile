# Between in a container: Debian slim, Python 3.11, a non-root user.
# Build: docker build -t between .   Run: see compose.yaml and docs/production.md.
FROM python:3.11-slim-bookworm

# WeasyPrint (signed receipts, exports) draws with Pango and subsets fonts with
# HarfBuzz; a font is needed to draw any text at all.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0=1.50.* libpangoft2-1.0-0=1.50.* libharfbuzz-subset0=6.0.* \
        fonts-dejavu-core=2.37-* \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BETWEEN_DATA_DIR=/var/lib/between \
    BETWEEN_HOST=0.0.0.0 \
    BETWEEN_SMTP_HOST=0.0.0.0

RUN groupadd --system --gid 10001 between \
    && useradd --system --uid 10001 --gid between --home-dir /var/lib/between \
        --create-home between

WORKDIR /opt/between
# The lock first, so a code change does not reinstall every dependency.
COPY requirements.lock ./
RUN pip install --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY between ./between
RUN pip install --no-deps --no-build-isolation .

USER 10001:10001
WORKDIR /var/lib/between
EXPOSE 8000 2525
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD ["python", "-c", "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/health/', timeout=4); sys.exit(0)"]
# The web tier by default; compose.yaml runs the worker and smtpd from the same image.
CMD ["gunicorn", "--config", "python:between.conf.gunicorn", "between.wsgi"]
