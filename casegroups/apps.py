from django.apps import AppConfig


class CasegroupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "casegroups"
