"""Demo publicity: good practices of the three courts already published (one with publication
records, one a joint item signed off by every court involved), one in review for the Jinshan
reviewer, and a draft of the Jinshan secretary."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.clock import recorded_on
from courts.models import Court
from publicity import services
from publicity.models import PublicityItem

ITEMS: list[tuple[Any, ...]] = [
    # author, title, area, courts, tags, good practice, summary, body, state, records
    (
        "jinshan-secretary",
        "三地法院联合开展“红色法庭”主题党日活动",
        "party_exchange",
        ["pinghu", "jiashan"],
        ["主题党日", "红色教育"],
        True,
        "金山、平湖、嘉善三地法院党员干警走进红色教育基地，重温入党誓词，交流支部建设经验。",
        "## 活动概况\n\n三地法院组织党员干警五十余人参加联合主题党日，"
        "重温入党誓词，听取老党员讲述革命故事。\n\n## 经验做法\n\n"
        "- 轮流承办，共享红色教育资源\n- 支部结对，常态化交流\n- 活动纪实同步入档",
        "published",
        [
            ("newspaper", "人民法院报", 12, "", 3200),
            ("wechat", "金山法院微信公众号", 10, "https://mp.weixin.qq.com/s/demo-jinshan", 5400),
        ],
    ),
    (
        "pinghu-secretary",
        "跨域诉源治理：毗邻地区矛盾纠纷联调机制",
        "trial_quality",
        ["jinshan", "jiashan"],
        ["诉源治理", "跨域协作"],
        True,
        "平湖法院联合金山、嘉善法院建立毗邻地区矛盾纠纷联调机制，一年来化解跨域纠纷三百余件。",
        "## 做法\n\n三地法院在交界乡镇设立联调工作站，由三地调解员共同参与，"
        "线上视频调解、线下联合走访。\n\n## 成效\n\n"
        "**化解跨域纠纷三百余件**，当事人满意度明显提升。",
        "published",
        [("website", "平湖市人民法院网站", 30, "https://www.example.cn/pinghu/demo", None)],
    ),
    (
        "jiashan-secretary",
        "“金平嘉”联合集训：新录用人员同堂培训",
        "talent",
        ["jinshan", "pinghu"],
        ["人才培养"],
        False,
        "嘉善法院承办三地法院新录用人员联合集训，围绕庭审记录、电子卷宗等实务开展同堂培训。",
        "三地法院新录用人员同堂培训，互派骨干授课，培训结束后统一发放结业证书。",
        "published",
        [],
    ),
    (
        "jinshan-secretary",
        "长三角毗邻法院执行联动工作纪实",
        "mechanism",
        ["pinghu"],
        ["执行联动"],
        False,
        "金山、平湖两院建立执行查控、财产处置协作机制，执行联动常态化运行。",
        "两院签订执行协作备忘录，建立联络员制度，实现查控信息共享。",
        "in_review",
        [],
    ),
    (
        "jinshan-secretary",
        "青年干警读书会：三地共读一本书",
        "culture",
        ["pinghu", "jiashan"],
        ["青年干警", "文化交流"],
        False,
        "三地法院青年干警每季度共读一本书，线上分享读书心得。",
        "（草稿）请补充活动照片和青年干警的读书心得。",
        "draft",
        [],
    ),
]


def _user(username: str):
    return get_user_model().objects.get(username=username)


def seed_publicity() -> int:
    """Create the demo items (idempotent); returns how many were made."""
    admin = _user("admin")
    reviewer = _user("jinshan-reviewer")
    made = 0
    today = timezone.localdate()
    for author, title, area, courts, tags, good, summary, body, state, records in ITEMS:
        if PublicityItem.objects.filter(title=title).exists():
            continue
        by = _user(author)
        # written, submitted and published on their own days (the history agrees)
        published = timezone.now() - datetime.timedelta(days=15 + 10 * (made + 1))
        written = published - datetime.timedelta(days=3)
        if state in ("draft", "in_review"):
            written = timezone.now() - datetime.timedelta(days=2 + made)
        with recorded_on(written):
            item = services.create_item(
                by=by,
                title=title,
                summary=summary,
                body=body,
                area=area,
                courts=Court.objects.filter(slug__in=courts),
                tags=tags,
                good_practice=good,
            )
        made += 1
        if state == "draft":
            continue
        with recorded_on(written + datetime.timedelta(hours=2)):
            services.submit_item(item=item, by=by)
        if state == "in_review":
            continue
        publisher = reviewer if item.court.slug == "jinshan" else admin
        with recorded_on(published):
            services.publish_item(item=item, by=publisher)
        for channel, outlet, days_ago, link, reach in records:
            day = max(today - datetime.timedelta(days=days_ago), timezone.localdate(published))
            with recorded_on(day, hour=16):
                services.add_record(
                    item=item,
                    by=by,
                    channel=channel,
                    outlet=outlet,
                    date=day,
                    link=link or "https://www.example.cn/clipping",
                    reach=reach,
                )
    return made
