from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskHeartbeat(models.Model):
    """When each periodic task last ran: shows that the worker and beat are alive."""

    name = models.CharField(_("task"), max_length=100, unique=True)
    last_run = models.DateTimeField(_("last run"))

    class Meta:
        verbose_name = _("task heartbeat")
        verbose_name_plural = _("task heartbeats")

    def __str__(self) -> str:
        return self.name
