"""What the library's pages read, kept where the same answer serves every viewer."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from core import generations

from .models import Download, Resource, ResourceVersion


@dataclass(frozen=True)
class ResourcePage:
    versions: list[ResourceVersion]
    tags: list[str]
    downloads: list[tuple[int | None, int]]  # (court id, or None for visitors; how many)


def resource_page(resource: Resource) -> ResourcePage:
    """A resource's versions, tags and downloads per court: the same for everyone who may read
    it, kept until a table they were read from is written (a new version, a download)."""

    def build() -> ResourcePage:
        return ResourcePage(
            versions=list(resource.versions.select_related("uploaded_by").defer("thumbnail")),
            tags=list(resource.tags.values_list("name", flat=True)),
            downloads=list(
                Download.objects.filter(resource=resource)
                .values_list("court")
                .annotate(n=Count("pk"))
                .order_by("court")
            ),
        )

    return generations.kept(f"library-page:{resource.pk}", build, 600, local=True)
