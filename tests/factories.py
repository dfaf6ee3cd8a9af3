import datetime
import io

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from courts.choices import Area, Position
from courts.models import CooperationItem, Court, PartyBranch, Person


def _minimal_pdf() -> bytes:
    """A real one-page PDF (what an upload must be: core.files reads it with pypdf)."""
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF_BYTES = _minimal_pdf()

PASSWORD = "correct-horse-battery-2020"


def court(slug: str) -> Court:
    return Court.objects.get(slug=slug)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for role in extracted:
                self.groups.add(Group.objects.get_or_create(name=str(role))[0])
        if create:
            self.save()


class PartyBranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyBranch

    court = factory.LazyFunction(lambda: court("jinshan"))
    name = factory.Sequence(lambda n: f"第{n}党支部")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"测试人员{n}")
    court = factory.LazyFunction(lambda: court("jinshan"))
    position = Position.JUDGE
    is_party_member = True


class CooperationItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperationItem

    title = factory.Sequence(lambda n: f"合作事项{n}")
    area = Area.MECHANISM
    lead_court = factory.LazyFunction(lambda: court("jinshan"))
    responsible = factory.SubFactory(PersonFactory, court=factory.SelfAttribute("..lead_court"))
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "courts.Target"

    year = 2025
    court = factory.LazyFunction(lambda: court("jinshan"))
    figure = "activities-completed"
    row = Area.PARTY_EXCHANGE
    value = 4
    set_by = factory.SubFactory(UserFactory)


def make_activity(*, host="jinshan", co_hosts=("pinghu",), by=None, days=3, hours=2, **fields):
    """A joint activity through the service, as a host secretary would create it."""
    from activities import services
    from activities.models import KIND_AREAS, Kind

    if by is None:
        from courts.choices import Role

        by = UserFactory(username=f"{host}-host-secretary", roles=[Role.PARTY_SECRETARY])
        if not hasattr(by, "person"):
            PersonFactory(user=by, court=court(host), full_name=f"{host}书记")
    start = fields.pop("start", None) or (
        timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    )
    kind = fields.pop("kind", Kind.THEMED_PARTY_DAY)
    return services.create_activity(
        by=by,
        title=fields.pop("title", "联合主题党日"),
        kind=kind,
        area=fields.pop("area", KIND_AREAS[kind]),
        host_court=court(host),
        co_host_courts=[court(slug) for slug in co_hosts],
        start=start,
        end=fields.pop("end", None) or start + datetime.timedelta(hours=hours),
        place=fields.pop("place", "金山法院报告厅"),
        **fields,
    )


# ---- Every other model: raw rows, for tests that need one without the service's side effects
# (the services, e.g. make_activity above, are how tests build realistic worlds). A test in
# tests/test_factories.py fails when a model of the project has no factory here.


class RedEducationBaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.RedEducationBase"

    name = factory.Sequence(lambda n: f"红色教育基地{n}")
    place = "金山区卫零路"
    capacity = 60


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.Activity"

    title = factory.Sequence(lambda n: f"联合主题党日{n}")
    kind = "themed_party_day"
    area = "party_exchange"
    host_court = factory.LazyFunction(lambda: court("jinshan"))
    start = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    )
    end = factory.LazyAttribute(lambda a: a.start + datetime.timedelta(hours=2))
    place = "金山法院报告厅"
    created_by = factory.SubFactory(UserFactory)


class ActivityPartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.ActivityPart"

    activity = factory.SubFactory(ActivityFactory)
    court = factory.SelfAttribute("activity.host_court")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.Attendance"

    part = factory.SubFactory(ActivityPartFactory)
    activity = factory.SelfAttribute("part.activity")
    person = factory.SubFactory(PersonFactory, court=factory.SelfAttribute("..part.court"))
    invited_by = factory.SubFactory(UserFactory)


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.Attachment"

    part = factory.SubFactory(ActivityPartFactory)
    activity = factory.SelfAttribute("part.activity")
    kind = "document"
    file = factory.django.FileField(filename="议程.pdf", data=b"%PDF-1.4\n%%EOF\n")
    original_name = "议程.pdf"
    content_type = "application/pdf"
    size = 15
    uploaded_by = factory.SubFactory(UserFactory)


class MinutesVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.MinutesVersion"

    activity = factory.SubFactory(ActivityFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "会议纪要正文"
    status = "draft"
    saved_by = factory.SubFactory(UserFactory)


class MinutesCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.MinutesComment"

    activity = factory.SubFactory(ActivityFactory)
    author = factory.SubFactory(UserFactory)
    text = "建议补充第二项决定的完成时限。"


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.ActionItem"

    activity = factory.SubFactory(ActivityFactory)
    court = factory.LazyFunction(lambda: court("pinghu"))
    responsible = factory.SubFactory(PersonFactory, court=factory.SelfAttribute("..court"))
    what = "报送典型案例"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class MeetingSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.MeetingSeries"

    title = factory.Sequence(lambda n: f"定期交流会商{n}")
    convening_court = factory.LazyFunction(lambda: court("jinshan"))
    rrule = "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU"
    first_date = factory.LazyFunction(timezone.localdate)
    start_time = datetime.time(14, 30)
    created_by = factory.SubFactory(UserFactory)


class ReminderRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.ReminderRule"

    series = factory.SubFactory(MeetingSeriesFactory)
    audience = "invitees"
    offset_days = -3


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "core.Notification"

    recipient = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"通知{n}")


class CalendarTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "core.CalendarToken"

    user = factory.SubFactory(UserFactory)


class TaskHeartbeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "core.TaskHeartbeat"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"core.tasks.task{n}")
    last_run = factory.LazyFunction(timezone.now)


class ReminderFactory(factory.django.DjangoModelFactory):
    """A pending reminder about a cooperation item (any registered target would do)."""

    class Meta:
        model = "core.Reminder"
        exclude = ("target",)

    target = factory.SubFactory(CooperationItemFactory)
    content_type = factory.LazyAttribute(lambda r: ContentType.objects.get_for_model(r.target))
    object_id = factory.SelfAttribute("target.pk")
    stage = "due-7d"
    recipient = factory.SubFactory(UserFactory)
    title = "合作事项即将到期"
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
    expires_at = factory.LazyAttribute(lambda r: r.due_at + datetime.timedelta(days=7))


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "core.Delivery"

    reminder = factory.SubFactory(ReminderFactory)
    channel = "inbox"
    ok = True


class CaseStudyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casegroups.CaseStudyGroup"

    name = factory.Sequence(lambda n: f"类案研究组{n}")
    specialty = "financial"
    purpose = "共同研究疑难复杂和新类型案件。"
    convenor = factory.SubFactory(PersonFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casegroups.Membership"

    group = factory.SubFactory(CaseStudyGroupFactory)
    person = factory.SubFactory(PersonFactory, court=factory.LazyFunction(lambda: court("pinghu")))
    statement = "希望参与金融案件研究。"


class StudyCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casegroups.StudyCase"

    group = factory.SubFactory(CaseStudyGroupFactory)
    submitted_by = factory.SelfAttribute("group.convenor")
    case_number = factory.Sequence(lambda n: f"（2024）沪0116民初{n + 1}号")
    court_of_origin = factory.LazyFunction(lambda: court("jinshan"))
    cause_of_action = "金融借款合同纠纷"
    summary = "某银行诉某公司金融借款合同纠纷，涉及新型担保。"
    difficulty = "新类型担保的效力认定。"


class StudySessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casegroups.StudySession"

    group = factory.SubFactory(CaseStudyGroupFactory)
    title = factory.Sequence(lambda n: f"第{n + 1}次类案研讨")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end = factory.LazyAttribute(lambda s: s.start + datetime.timedelta(hours=2))
    place = "金山法院三楼会议室"


class CaseReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casegroups.CaseReview"

    case = factory.SubFactory(StudyCaseFactory, status="concluded", conclusion="结论")
    reviewer = factory.SubFactory(
        PersonFactory, court=factory.LazyFunction(lambda: court("jiashan"))
    )
    facts = 4
    law = 4
    procedure = 5
    reasoning = 3
    outcome = 4


class SymposiumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "symposia.Symposium"

    title = factory.Sequence(lambda n: f"金平嘉法院学术讨论会联席会议{n}")
    year = 2025
    host_court = factory.LazyFunction(lambda: court("jiashan"))
    date = datetime.date(2025, 10, 16)
    theme = "长三角一体化背景下的司法协作"


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "symposia.Paper"

    symposium = factory.SubFactory(SymposiumFactory)
    title = factory.Sequence(lambda n: f"跨域司法协作机制研究之{n}")
    abstract = "以金平嘉三地为样本。"


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casegroups.Term"

    term = factory.Sequence(lambda n: f"质押{n}")
    df = 1


class CaseTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casegroups.CaseTerm"

    case = factory.SubFactory(StudyCaseFactory)
    term = factory.Sequence(lambda n: f"应收账款{n}")
    tf = 2


# --- Training programme -------------------------------------------------------------------------


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Programme"
        django_get_or_create = ("year", "title")

    year = 2026
    title = "“金平嘉”三地法院干警联合集训"


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.TrainingSession"

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"金平嘉联合集训第{n}期")
    topic = "民法典合同编适用"
    host_court = factory.LazyFunction(lambda: court("pinghu"))
    trainer = "张明"
    trainer_organisation = "华东政法大学 教授"
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    end = factory.LazyAttribute(lambda s: s.start + datetime.timedelta(hours=3))
    venue = "平湖市人民法院培训中心"
    seats = 10
    enrol_deadline = factory.LazyAttribute(lambda s: s.start - datetime.timedelta(days=5))


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Enrolment"

    session = factory.SubFactory(TrainingSessionFactory)
    person = factory.SubFactory(PersonFactory)
    court = factory.LazyAttribute(lambda e: e.person.court)
    status = "enrolled"
    enrolled_by = factory.LazyAttribute(lambda e: e.person.user)


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Material"

    session = factory.SubFactory(TrainingSessionFactory)
    file = factory.django.FileField(filename="课件.pdf", data=b"%PDF-1.4 test")
    original_name = "课件.pdf"
    content_type = "application/pdf"
    size = 13
    uploaded_by = factory.SubFactory(UserFactory)


# --- Publicity --------------------------------------------------------------------------------


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "publicity.Tag"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"标签{n}")


class PublicityItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "publicity.PublicityItem"

    title = factory.Sequence(lambda n: f"三地法院协作经验{n}")
    summary = "三地法院携手推进毗邻党建。"
    body = "## 做法\n\n轮流承办。"
    body_html = "<h2>做法</h2><p>轮流承办。</p>"
    area = "party_exchange"
    author = factory.SubFactory(PersonFactory)
    court = factory.LazyAttribute(lambda i: i.author.court)


class ItemImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "publicity.ItemImage"

    item = factory.SubFactory(PublicityItemFactory)
    file = factory.django.ImageField(filename="照片.jpg", format="JPEG", width=40, height=30)
    width = 40
    height = 30
    uploaded_by = factory.SubFactory(UserFactory)


class ItemAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "publicity.ItemAttachment"

    item = factory.SubFactory(PublicityItemFactory)
    file = factory.django.FileField(filename="材料.pdf", data=b"%PDF-1.4 test")
    original_name = "材料.pdf"
    content_type = "application/pdf"
    size = 13
    uploaded_by = factory.SubFactory(UserFactory)


class ItemEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "publicity.ItemEvent"

    item = factory.SubFactory(PublicityItemFactory)
    by = factory.SubFactory(UserFactory)
    before = "draft"
    after = "in_review"


class SignoffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "publicity.Signoff"

    item = factory.SubFactory(PublicityItemFactory)
    court = factory.LazyFunction(lambda: court("pinghu"))
    by = factory.SubFactory(UserFactory)


class PublicationRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "publicity.PublicationRecord"

    item = factory.SubFactory(PublicityItemFactory)
    channel = "wechat"
    outlet = "法院微信公众号"
    date = factory.LazyFunction(lambda: timezone.localdate())
    link = "https://mp.example.cn/1"


class BranchBehindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.BranchBehind"

    branch = factory.SubFactory(PartyBranchFactory)
    beat = "committee"
    due_on = datetime.date(2025, 10, 31)


class MonthlyFiguresFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.MonthlyFigures"

    court = factory.LazyFunction(lambda: court("jinshan"))
    month = datetime.date(2025, 11, 1)
