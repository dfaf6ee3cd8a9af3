"""A new material reaches those holding a seat or waiting for one."""

from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Notification
from training import services

from ..factories import PDF_BYTES
from .conftest import new_session, staff


def test_a_new_material_is_told_to_the_seated_and_the_waiting(pinghu_coordinator):
    session = new_session(pinghu_coordinator, seats=1)
    seated, waiting = staff("pinghu", 2)
    services.enrol(session=session, people=[seated, waiting], by=pinghu_coordinator)
    Notification.objects.all().delete()
    services.add_material(
        session=session,
        by=pinghu_coordinator,
        upload=SimpleUploadedFile("课件.pdf", PDF_BYTES),
    )
    told = Notification.objects.filter(title__startswith="培训资料已上传")
    assert set(told.values_list("recipient", flat=True)) == {seated.user_id, waiting.user_id}
    assert told.first().title == "培训资料已上传：民法典合同编专题培训（课件.pdf）"
    assert told.first().translations["en"]["title"] == (
        "New material for 民法典合同编专题培训: 课件.pdf"
    )
