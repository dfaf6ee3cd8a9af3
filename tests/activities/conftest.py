import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from courts.choices import Role

from ..conftest import make_member
from ..factories import make_activity


def png_upload(name="photo.png", size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (164, 22, 26)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def jinshan_member(db):
    return make_member("jinshan", Role.JUDGE, username="jinshan-member", full_name="金山党员")


@pytest.fixture
def pinghu_member(db):
    return make_member("pinghu", Role.JUDGE, username="pinghu-member", full_name="平湖党员")


@pytest.fixture
def jiashan_member(db):
    return make_member("jiashan", Role.JUDGE, username="jiashan-member", full_name="嘉善党员")


@pytest.fixture
def activity(jinshan_secretary, pinghu_secretary):
    """Jinshan hosts, Pinghu co-hosts; starts in three days."""
    return make_activity(by=jinshan_secretary)


@pytest.fixture
def running_activity(jinshan_secretary, pinghu_secretary):
    """Started ten minutes ago, ends in two hours."""
    start = timezone.now() - datetime.timedelta(minutes=10)
    return make_activity(by=jinshan_secretary, start=start)
