# targetwatch: one image for the worker, the beat scheduler and one-off commands.
#   docker compose up -d                   (see compose.yaml and docs/service.md)
#   docker compose run --rm worker subscribe you@example.org --region national
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TARGETWATCH_HOME=/data

RUN useradd --create-home --uid 10001 targetwatch \
    && mkdir -p /data \
    && chown targetwatch:targetwatch /data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY diffing ./diffing
COPY scrapers ./scrapers
COPY archive ./archive
COPY worker ./worker
COPY templates ./templates
COPY targetwatch ./targetwatch
COPY cli ./cli
COPY web ./web
RUN pip install '.[postgres]'

USER targetwatch
VOLUME ["/data"]
# the web app (`targetwatch serve`, the compose service "web")
EXPOSE 8000
ENTRYPOINT ["targetwatch"]
CMD ["worker"]
