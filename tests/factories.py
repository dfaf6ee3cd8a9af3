import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from courts.choices import Area, Position
from courts.models import CooperationItem, Court, PartyBranch, Person

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
