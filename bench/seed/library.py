"""The resource library at benchmark volume (``seed_bench``): at scale 1, 20,000 resources of
the three courts in every kind, area and visibility, each with one to three versions and the
text of its latest file, and downloads from the other courts. Rows go in with ``copy``
(PostgreSQL's COPY; bulk_create elsewhere); the versions' files are not written (the benchmark
reads lists, pages and the search, not the files)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Sequence

from django.contrib.auth import get_user_model
from django.db import models

from courts.choices import Area
from courts.models import Court
from library.models import Download, Kind, Resource, ResourceVersion, Tag, Visibility

Copy = Callable[[type[models.Model], Sequence[models.Model]], None]

TAGS = "金融借款 党史学习 诉源治理 执行联动 庭审规范 裁判尺度 青年干警 类案检索".split()  # noqa: SIM905
TOPICS = ["民间借贷", "金融借款", "保理合同", "融资租赁", "劳动争议", "环境污染", "知识产权"]
SENTENCES = [
    "本汇编收录三地法院近年审结的典型案例，供审判参考。",
    "围绕裁判尺度统一，梳理争议焦点和裁判要点。",
    "结合党史学习教育，形成支部学习参考材料。",
    "总结跨域诉源治理的经验做法，便于复制推广。",
    "明确证据审查和事实认定的基本规则。",
]


def _last(model: type[models.Model]) -> int:
    return model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0


def seed(
    *,
    scale: float,
    people: dict[int, list[tuple[int, int]]],
    copy: Copy,
    rnd: random.Random,
    now: datetime.datetime,
) -> dict[str, int]:
    courts = list(Court.objects.order_by("sort_order"))
    users = {
        court.pk: list(
            get_user_model()
            .objects.filter(person__court=court)
            .order_by("pk")
            .values_list("pk", flat=True)[:50]
        )
        for court in courts
    }
    count = max(30, int(20_000 * scale))
    tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
    kinds = [k.value for k in Kind]
    areas = [a.value for a in Area]
    visibilities = [Visibility.ALLIANCE] * 6 + [Visibility.COURT] * 3 + [Visibility.PUBLIC]
    before = _last(Resource)
    plans = []
    for i in range(count):
        court = courts[i % 3]
        topic = rnd.choice(TOPICS)
        when = now - datetime.timedelta(days=rnd.randrange(0, 5 * 365), minutes=i)
        plans.append(
            Resource(
                title=f"{topic}类案汇编（基准{i + 1}）",
                kind=rnd.choice(kinds),
                area=rnd.choice(areas),
                court=court,
                description=rnd.choice(SENTENCES),
                visibility=rnd.choice(visibilities),
                created_by_id=rnd.choice(users[court.pk]),
                file_text="\n".join(rnd.sample(SENTENCES, 3)) + f"\n{topic}纠纷的裁判要点。",
                created_at=when,
                updated_at=when,
            )
        )
    copy(Resource, plans)
    rows = list(
        Resource.objects.filter(pk__gt=before)
        .order_by("pk")
        .values_list("pk", "court_id", "created_by_id", "created_at")
    )
    versions, tag_links, downloads = [], [], []
    through_tags = Resource.tags.through
    for pk, _court, user_id, created in rows:
        for number in range(1, rnd.choice([1, 1, 2, 3]) + 1):
            versions.append(
                ResourceVersion(
                    resource_id=pk,
                    number=number,
                    file=f"library/{pk}/汇编v{number}.pdf",
                    original_name=f"汇编v{number}.pdf",
                    content_type="application/pdf",
                    size=rnd.randrange(50_000, 5_000_000),
                    uploaded_by_id=user_id,
                    uploaded_at=created + datetime.timedelta(days=30 * (number - 1)),
                )
            )
        for tag in rnd.sample(tags, 2):
            tag_links.append(through_tags(resource_id=pk, tag_id=tag.pk))
    copy(ResourceVersion, versions)
    copy(through_tags, tag_links)
    latest = dict(
        ResourceVersion.objects.filter(resource_id__gt=before)
        .order_by("resource_id", "number")
        .values_list("resource_id", "pk")
    )  # the last number of each resource wins
    Resource.objects.bulk_update(
        [Resource(pk=pk, latest_id=latest[pk]) for pk, *_rest in rows],
        ["latest_id"],
        batch_size=2000,
    )
    for pk, court_id, _user, created in rnd.sample(rows, min(len(rows), count // 2)):
        for _n in range(rnd.randrange(1, 4)):
            other = courts[(court_id + rnd.randrange(1, 3)) % 3].pk
            downloads.append(
                Download(version_id=latest[pk], resource_id=pk, court_id=other, at=created)
            )
    copy(Download, downloads)
    return {"resources": len(rows), "versions": len(versions), "downloads": len(downloads)}
