"""Choices shared by every app: the agreement's six areas, staff positions and roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    """The six areas of cooperation named in part 三 of the 2020 agreement."""

    PARTY_EXCHANGE = "party_exchange", _("Party-building exchange")
    TRIAL_QUALITY = "trial_quality", _("Trial quality and efficiency")
    TALENT = "talent", _("Talent development")
    CULTURE = "culture", _("Cultural exchange")
    MECHANISM = "mechanism", _("Long-term mechanism")
    PUBLICITY = "publicity", _("Publicity")


AREA_MOTTOS = {
    Area.PARTY_EXCHANGE: _("“One surface”: joint Party meetings, lessons and red education"),
    Area.TRIAL_QUALITY: _("“One point”: case-study groups, case review and symposia"),
    Area.TALENT: _("“Integration”: the joint Jin-Ping-Jia training programme"),
    Area.CULTURE: _("“One circle”: exchanges, observation visits and team-building"),
    Area.MECHANISM: _("“One line”: regular exchange meetings and cooperation items"),
    Area.PUBLICITY: _("“One front”: good practices published to print and self-media"),
}


class Position(models.TextChoices):
    PRESIDENT = "president", _("Court president")
    VICE_PRESIDENT = "vice_president", _("Vice president")
    JUDGE = "judge", _("Judge")
    JUDGE_ASSISTANT = "judge_assistant", _("Judge assistant")
    CLERK = "clerk", _("Court clerk")
    PARTY_AFFAIRS = "party_affairs", _("Party affairs officer")
    ADMINISTRATIVE = "administrative", _("Administrative staff")
    BAILIFF = "bailiff", _("Judicial police")


class Role(models.TextChoices):
    """Roles are Django groups; the value is the group's name."""

    PARTY_SECRETARY = "party_secretary", _("Party secretary")
    JUDGE = "judge", _("Judge")
    TRAINING_COORDINATOR = "training_coordinator", _("Training coordinator")
    PUBLICITY_REVIEWER = "publicity_reviewer", _("Publicity reviewer")
    ADMIN = "admin", _("Portal administrator")
