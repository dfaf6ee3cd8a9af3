"""Publicity at benchmark volume (``seed_bench``): at scale 1, 20,000 items (most published,
the rest in every other status) with 40,000 publication records and their tags. Rows go in with
``copy`` (PostgreSQL's COPY; bulk_create elsewhere)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Sequence

from django.db import models

from courts.choices import Area
from courts.models import Court
from publicity import rendering
from publicity.models import PublicationRecord, PublicityItem, Tag

Copy = Callable[[type[models.Model], Sequence[models.Model]], None]

TAGS = "诉源治理 党建引领 主题党日 执行联动 人才培养 法治宣传 青年干警 跨域协作 红色教育 审判质效"
TAGS = TAGS.split()
OUTLETS = [
    ("newspaper", "人民法院报"),
    ("newspaper", "嘉兴日报"),
    ("website", "法院网站"),
    ("wechat", "法院微信公众号"),
    ("video", "抖音号"),
]
BODY = "## 做法\n\n三地法院建立协作机制，**常态化**开展联合活动。\n\n- 轮流承办\n- 资源共享\n"


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
    count = max(30, int(20_000 * scale))
    tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
    areas = [a.value for a in Area]
    html = rendering.render(BODY)
    before = _last(PublicityItem)
    items = []
    statuses = ["published"] * 8 + ["draft", "in_review", "returned", "withdrawn"]
    for i in range(count):
        court = courts[i % 3]
        author_id = rnd.choice(people[court.pk])[0]
        status = rnd.choice(statuses)
        when = now - datetime.timedelta(days=rnd.randrange(0, 6 * 365), minutes=i)
        items.append(
            PublicityItem(
                title=f"{rnd.choice(TAGS)}工作经验交流（基准{i + 1}）",
                summary="三地法院携手推进毗邻党建，形成可复制、可推广的经验做法。",
                body=BODY,
                body_html=html,
                area=rnd.choice(areas),
                court=court,
                author_id=author_id,
                good_practice=rnd.random() < 0.3,
                joint_signoff=False,
                status=status,
                review_comment="",
                published_at=when if status in ("published", "withdrawn") else None,
                created_at=when,
                updated_at=when,
            )
        )
    copy(PublicityItem, items)
    rows = list(
        PublicityItem.objects.filter(pk__gt=before).values_list(
            "pk", "court_id", "status", "published_at"
        )
    )
    through_courts = PublicityItem.courts.through
    through_tags = PublicityItem.tags.through
    court_links, tag_links, records = [], [], []
    for pk, court_id, _status, published in rows:
        court_links.append(through_courts(publicityitem_id=pk, court_id=court_id))
        other = courts[(court_id + rnd.randrange(1, 3)) % 3].pk
        if other != court_id:
            court_links.append(through_courts(publicityitem_id=pk, court_id=other))
        for tag in rnd.sample(tags, 2):
            tag_links.append(through_tags(publicityitem_id=pk, tag_id=tag.pk))
        if published is not None:
            for n in range(rnd.choice([1, 2, 2, 3])):
                channel, outlet = rnd.choice(OUTLETS)
                records.append(
                    PublicationRecord(
                        item_id=pk,
                        channel=channel,
                        outlet=outlet,
                        date=(published + datetime.timedelta(days=n)).date(),
                        link=f"https://www.example.cn/news/{pk}/{n}",
                        reach=rnd.randrange(100, 20_000),
                        created_at=now,
                    )
                )
    copy(through_courts, court_links)
    copy(through_tags, tag_links)
    copy(PublicationRecord, records)
    return {"items": len(rows), "records": len(records)}
