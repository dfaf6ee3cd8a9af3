"""The library's public pages (no login; no namespace: ``public-resources``…)."""

from django.urls import path

from . import public

urlpatterns = [
    path("", public.public_resource_list, name="public-resources"),
    path("<int:pk>/", public.public_resource, name="public-resource"),
]
