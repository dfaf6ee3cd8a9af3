"""The test kit has a factory for every model of the project, and each builds a valid row."""

import pytest
from django.apps import apps

from . import factories

PROJECT_APPS = {"core", "courts", "activities", "casegroups", "symposia", "training", "publicity"}
BUILT_BY_MIGRATIONS = {"courts.Court"}  # the three courts are data, fetched with court(slug)


def _factories() -> dict[str, type]:
    found = {}
    for value in vars(factories).values():
        if isinstance(value, type) and issubclass(
            value, factories.factory.django.DjangoModelFactory
        ):
            model = value._meta.get_model_class()
            if model is not None:
                found[model._meta.label] = value
    return found


def test_every_model_has_a_factory():
    models = {m._meta.label for m in apps.get_models() if m._meta.app_label in PROJECT_APPS}
    assert models - BUILT_BY_MIGRATIONS - set(_factories()) == set()


@pytest.mark.parametrize("label", sorted(_factories()))
def test_each_factory_builds_a_valid_saved_row(db, label):
    obj = _factories()[label]()
    obj.full_clean()
    assert type(obj).objects.filter(pk=obj.pk).exists()
