import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courts.choices import Role
from publicity import services

from ..conftest import make_member
from ..factories import court


@pytest.fixture
def author(db):
    return make_member("jinshan", Role.PARTY_SECRETARY, username="author", full_name="陈书记")


@pytest.fixture
def jinshan_reviewer(db):
    return make_member("jinshan", Role.PUBLICITY_REVIEWER, full_name="金山审核员")


@pytest.fixture
def pinghu_reviewer(db):
    return make_member("pinghu", Role.PUBLICITY_REVIEWER, full_name="平湖审核员")


@pytest.fixture
def jiashan_reviewer(db):
    return make_member("jiashan", Role.PUBLICITY_REVIEWER, full_name="嘉善审核员")


def draft(by, **fields):
    data = {
        "title": "三地法院联合主题党日",
        "summary": "三地党员干警重温入党誓词。",
        "body": "## 概况\n\n三地法院联合开展主题党日。",
        "area": "party_exchange",
        "courts": [court("pinghu")],
        "tags": ["主题党日"],
        **fields,
    }
    return services.create_item(by=by, **data)


@pytest.fixture
def item(author):
    return draft(author)


def png(width=40, height=30, color=(200, 30, 30)) -> SimpleUploadedFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return SimpleUploadedFile("照片.png", out.getvalue(), content_type="image/png")
