"""gunicorn settings for one Relmap app server (`gunicorn relmap.wsgi -c deploy/gunicorn.conf.py`).

Every value can be set from the environment, so one file serves `make cluster` and a real
server's systemd unit alike (docs/install.md).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8081")
# Sync workers: each holds one database connection, kept between requests for
# DB_CONN_MAX_AGE seconds, so an app server opens `workers` connections in all. (Relmap's
# default elsewhere is a connection per request: the development server and other threaded
# servers would otherwise keep one per thread.) The workers are forked after this file runs.
os.environ.setdefault("DB_CONN_MAX_AGE", "300")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM a worker finishes the request in hand before it stops.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then, so that a slow leak never grows for long.
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# The proxy on this host sets X-Forwarded-For and X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = os.environ.get("GUNICORN_PROC_NAME", "relmap")
