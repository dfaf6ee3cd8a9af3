"""The case-study groups at benchmark volume (``seed_bench``): at scale 1, 100 groups with their
members, 5,000 cases with their similar-case index, 20,000 reviews, 500 study sessions, 40
symposia with 1,000 papers. Rows go in with ``copy`` (PostgreSQL's COPY; bulk_create elsewhere).
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Callable, Sequence

from django.db import models

from casegroups import similar
from casegroups.models import (
    CaseReview,
    CaseStudyGroup,
    CaseTerm,
    Membership,
    Specialty,
    StudyCase,
    StudySession,
    Term,
)
from courts.models import Court
from symposia.models import Paper, Symposium

Copy = Callable[[type[models.Model], Sequence[models.Model]], None]

TOPICS = [
    "金融借款",
    "保证期间",
    "民间借贷",
    "环境修复",
    "非法采砂",
    "商标侵权",
    "劳动关系",
    "执行异议",
    "彩礼返还",
]
CAUSES = [
    "金融借款合同纠纷",
    "民间借贷纠纷",
    "污染环境罪",
    "非法采矿罪",
    "侵害商标权纠纷",
    "劳动争议",
    "案外人执行异议之诉",
    "婚约财产纠纷",
    "融资租赁合同纠纷",
    "买卖合同纠纷",
]


def _sentences() -> list[str]:
    """Sentences to build the bench's summaries from: the labelled test summaries when the
    checkout has them, so that the index's words are those of real summaries."""
    try:
        from tests.casegroups.similar_cases_data import CASES
    except ImportError:  # an installation without the tests
        return [f"{topic}案件中{cause}的认定。" for topic in TOPICS for cause in CAUSES]
    return [text for _g, _c, summary, difficulty in CASES for text in (summary, difficulty)]


def seed(
    *,
    scale: float,
    people: dict[int, list[tuple[int, int]]],
    copy: Copy,
    rnd: random.Random,
    now: datetime.datetime,
) -> dict[str, int]:
    courts = list(Court.objects.order_by("sort_order"))
    court_ids = [c.pk for c in courts]
    specialties = [s.value for s in Specialty]
    group_count = max(3, int(100 * scale))
    before = _last(CaseStudyGroup)
    copy(
        CaseStudyGroup,
        [
            CaseStudyGroup(
                name=f"{rnd.choice(TOPICS)}类案研究组（基准{i + 1}）",
                specialty=rnd.choice(specialties),
                purpose="研究疑难复杂和新类型案件，统一裁判尺度。",
                convenor_id=people[court_ids[i % 3]][i][0],
                open_to_requests=rnd.random() < 0.8,
                active=rnd.random() < 0.9,
                created_at=now,
                updated_at=now,
            )
            for i in range(group_count)
        ],
    )
    groups = list(
        CaseStudyGroup.objects.filter(pk__gt=before).order_by("pk").values_list("pk", "convenor_id")
    )
    through = CaseStudyGroup.member_courts.through
    copy(
        through,
        [through(casestudygroup_id=g, court_id=c) for g, _conv in groups for c in court_ids],
    )
    members: dict[int, list[int]] = {}
    rows = []
    for group_id, convenor in groups:
        chosen = {convenor}
        for court_id in court_ids:
            chosen.update(pk for pk, _user in rnd.sample(people[court_id], 5))
        members[group_id] = sorted(chosen)
        rows += [
            Membership(
                group_id=group_id,
                person_id=pk,
                status="active",
                statement="",
                reason="",
                requested_at=now,
                decided_at=now,
            )
            for pk in chosen
        ]
        rows += [
            Membership(
                group_id=group_id,
                person_id=rnd.choice(people[court_ids[0]])[0],
                status="left",
                statement="",
                reason="",
                requested_at=now,
            )
        ]
    copy(Membership, rows)

    sentences = _sentences()
    case_count = max(30, int(5000 * scale))
    statuses = ["submitted", "discussion", "concluded", "concluded"]
    visibilities = ["group", "staff", "staff", "public"]
    plans = []
    for i in range(case_count):
        group_id, _conv = groups[i % len(groups)]
        status = rnd.choice(statuses)
        visibility = rnd.choice(visibilities)
        if visibility == "public" and status != "concluded":
            visibility = "staff"
        plans.append(
            StudyCase(
                group_id=group_id,
                submitted_by_id=rnd.choice(members[group_id]),
                case_number=f"（{2019 + i % 7}）浙0482民初{i + 1}号",
                court_of_origin_id=rnd.choice(court_ids),
                cause_of_action=rnd.choice(CAUSES),
                summary="".join(rnd.sample(sentences, 3)),
                difficulty=rnd.choice(sentences),
                status=status,
                conclusion="统一裁判尺度的意见。" if status == "concluded" else "",
                experience="审判经验总结。" if status == "concluded" else "",
                visibility=visibility,
                concluded_at=now - datetime.timedelta(hours=i) if status == "concluded" else None,
                created_at=now - datetime.timedelta(minutes=i),
                updated_at=now - datetime.timedelta(minutes=i),
            )
        )
    before = _last(StudyCase)
    copy(StudyCase, plans)
    cases = list(
        StudyCase.objects.filter(pk__gt=before)
        .order_by("pk")
        .values_list("pk", "group_id", "submitted_by_id", "status")
    )
    _index([(pk, plan) for (pk, *_rest), plan in zip(cases, plans, strict=True)], copy, now)

    reviews = []
    concluded = [c for c in cases if c[3] == "concluded"]
    wanted = max(10, int(20_000 * scale))
    for pk, group_id, submitter, _status in concluded:
        reviewers = [m for m in members[group_id] if m != submitter]
        for reviewer in rnd.sample(reviewers, min(len(reviewers), 8)):
            if len(reviews) >= wanted:
                break
            reviews.append(
                CaseReview(
                    case_id=pk,
                    reviewer_id=reviewer,
                    comment="",
                    created_at=now - datetime.timedelta(days=rnd.randint(0, 2000)),
                    updated_at=now,
                    **{c: rnd.randint(2, 5) for c in ("facts", "law", "procedure", "reasoning")},
                    outcome=rnd.randint(1, 5),
                )
            )
    copy(CaseReview, reviews)

    sessions = []
    for group_id, _conv in groups:
        for n in range(5):
            start = (now + datetime.timedelta(days=rnd.randint(-700, 120))).replace(
                minute=0, second=0, microsecond=0
            )
            sessions.append(
                StudySession(
                    group_id=group_id,
                    title=f"第{n + 1}次类案研讨（基准）",
                    start=start,
                    end=start + datetime.timedelta(hours=2),
                    place="三楼会议室",
                    online_link="",
                    minutes="",
                    cancelled=False,
                    cancel_reason="",
                    ical_sequence=0,
                    created_at=now,
                    updated_at=now,
                )
            )
    copy(StudySession, sessions)

    symposium_count = max(2, int(40 * scale))
    before = _last(Symposium)
    copy(
        Symposium,
        [
            Symposium(
                title=f"金平嘉法院学术讨论会联席会议（基准{i + 1}）",
                year=2000 + (i % 26),
                host_court_id=court_ids[i % 3],
                date=datetime.date(2000 + (i % 26), 10, 1 + i % 28),
                theme="长三角一体化中的司法协作",
                created_at=now,
                updated_at=now,
            )
            for i in range(symposium_count)
        ],
    )
    symposia = list(Symposium.objects.filter(pk__gt=before).values_list("pk", flat=True))
    awards = ["first", "second", "third", "excellence", "none", "none", "none"]
    paper_count = max(10, int(1000 * scale))
    before = _last(Paper)
    copy(
        Paper,
        [
            Paper(
                symposium_id=symposia[i % len(symposia)],
                title=f"{rnd.choice(TOPICS)}问题研究（基准{i + 1}）",
                abstract=rnd.choice(sentences),
                award=rnd.choice(awards),
                file="",
                original_name="",
                content_type="",
                size=0,
                created_at=now,
                updated_at=now,
            )
            for i in range(paper_count)
        ],
    )
    authors = Paper.authors.through
    everyone = [pk for rows_ in people.values() for pk, _user in rows_]
    copy(
        authors,
        [
            authors(paper_id=paper, person_id=person)
            for paper in Paper.objects.filter(pk__gt=before).values_list("pk", flat=True)
            for person in rnd.sample(everyone, rnd.randint(1, 3))
        ],
    )
    return {
        "groups": len(groups),
        "cases": len(cases),
        "reviews": len(reviews),
        "sessions": len(sessions),
        "symposia": len(symposia),
        "papers": paper_count,
    }


def _index(cases: list[tuple[int, StudyCase]], copy: Copy, now: datetime.datetime) -> None:
    """The similar-case index of the bench's cases, as ``similar.index_case`` builds it."""
    df: Counter[str] = Counter()
    postings = []
    lengths = []
    for pk, case in cases:
        terms = similar.case_terms(case)
        df.update(terms.keys())
        postings += [CaseTerm(case_id=pk, term=t, tf=min(n, 32767)) for t, n in terms.items()]
        lengths.append((pk, sum(terms.values())))
    existing = set(Term.objects.filter(term__in=list(df)).values_list("term", flat=True))
    copy(Term, [Term(term=t, df=n) for t, n in df.items() if t not in existing])
    for term in existing:
        Term.objects.filter(term=term).update(df=models.F("df") + df[term])
    copy(CaseTerm, postings)
    for length, ids in _by_length(lengths).items():
        StudyCase.objects.filter(pk__in=ids).update(term_count=length, indexed_at=now)


def _by_length(lengths: list[tuple[int, int]]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for pk, length in lengths:
        out.setdefault(length, []).append(pk)
    return out


def _last(model: type[models.Model]) -> int:
    return model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
