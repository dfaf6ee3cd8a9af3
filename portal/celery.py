import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Kombu's filesystem transport (the default, needing no server) expects its folders to exist.
for folder in (app.conf.broker_transport_options or {}).values():
    if isinstance(folder, str) and app.conf.broker_url.startswith("filesystem://"):
        Path(folder).mkdir(parents=True, exist_ok=True)
