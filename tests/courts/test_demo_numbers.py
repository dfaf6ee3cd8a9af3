"""Demo office numbers are each court's own: 021 for Shanghai Jinshan, 0573 for the Zhejiang
courts."""

import pytest

from courts.models import Person
from portal.demo.courts import seed_demo

pytestmark = pytest.mark.django_db


def test_demo_office_numbers_use_each_courts_area_code():
    seed_demo()
    phones = dict(Person.objects.values_list("court__slug", "phone"))
    assert phones["jinshan"].startswith("021-")
    assert phones["pinghu"].startswith("0573-") and phones["jiashan"].startswith("0573-")
    assert not Person.objects.filter(court__slug="jinshan", phone__startswith="0573").exists()
