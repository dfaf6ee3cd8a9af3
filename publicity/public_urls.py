"""The public pages' addresses (no login; no namespace: ``public-list``, ``public-item``…)."""

from django.urls import path

from . import public

urlpatterns = [
    path("", public.public_list, name="public-list"),
    path("<int:pk>/", public.public_item, name="public-item"),
    path("feed/", public.PublicFeed(), name="public-feed"),
    path("images/<int:pk>/", public.public_image, name="public-image"),
]
