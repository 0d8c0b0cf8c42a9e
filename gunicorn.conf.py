"""gunicorn settings for `make serve` and bench/load.py (gunicorn reads this file from the working directory).

Threads of a worker wait on the database and Elasticsearch together while a process per core does the Python work;
HTTP keep-alive saves a connection per page behind the reverse proxy. WEB_CONCURRENCY, GUNICORN_THREADS and
GUNICORN_BIND override the defaults.
"""

import multiprocessing
import os

wsgi_app = "portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
keepalive = 5
# Workers are recycled now and then, so a slow leak never grows without bound; jitter keeps them from restarting together.
max_requests = 5_000
max_requests_jitter = 500
# Requests that take longer are logged with their worker's traceback and the worker replaced.
timeout = 60
graceful_timeout = 30
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
