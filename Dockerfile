# Liên Lạc in a container: the data (database and daily backups) lives in the /data volume.
#   docker build -t lienlac .
#   docker run -d --name lienlac --restart unless-stopped --env-file .env -v lienlac-data:/data lienlac
FROM python:3.12-slim

# No bytecode written at run time (the user cannot write /app): it is compiled once, below.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    LIENLAC_DATABASE=/data/lienlac.sqlite3 \
    LIENLAC_BACKUP_DIR=/data/backups

RUN useradd --create-home --uid 10001 lienlac && mkdir /data && chown lienlac /data
WORKDIR /app
COPY pyproject.toml README.md babel.cfg ./
COPY bot ./bot
COPY locales ./locales
RUN pip install . && python -m compileall -q bot

USER lienlac
VOLUME ["/data"]
# Webhook mode listens here when LIENLAC_WEBHOOK_URL is set (with LIENLAC_WEBHOOK_LISTEN=0.0.0.0).
EXPOSE 8443
HEALTHCHECK --interval=5m --timeout=30s CMD ["python", "-m", "bot", "check"]
CMD ["python", "-m", "bot", "run"]
