"""Files through Django's storage API only: with FILE_STORAGE=s3 the private files live in an
S3-compatible object store (moto stands in for MinIO here), are streamed to the people the
rule allows through the portal's own view, and are never linked from a page."""

import boto3
import pytest
from django.urls import reverse
from moto import mock_aws

from activities import services
from activities.models import ActivityPart, Attachment
from core.files import private_storage

from ..activities.conftest import png_upload
from ..factories import make_activity

BUCKET = "jpj-test-files"


@pytest.fixture
def object_store(settings):
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        options = {
            "bucket_name": BUCKET,
            "region_name": "us-east-1",
            "access_key": "test",
            "secret_key": "test",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        }
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {**options, "location": "media"},
            },
            "private": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {**options, "location": "private"},
            },
        }
        yield boto3.client("s3", region_name="us-east-1")


def test_private_files_live_in_the_object_store_and_are_streamed_by_the_portal(
    client, object_store, jinshan_secretary, django_capture_on_commit_callbacks
):
    activity = make_activity(by=jinshan_secretary)
    part = ActivityPart.objects.get(activity=activity, court__slug="jinshan")
    services.add_attachment(
        part=part, by=jinshan_secretary, kind="photo", upload=png_upload("合影.png"),
        caption="合影",
    )  # fmt: skip
    attachment = Attachment.objects.get(activity=activity)
    keys = [o["Key"] for o in object_store.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert f"private/{attachment.file.name}" in keys
    assert attachment.thumbnail and f"private/{attachment.thumbnail.name}" in keys
    client.force_login(jinshan_secretary)
    response = client.get(reverse("activities:attachment-download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "amazonaws.com" not in page and BUCKET not in page  # never a bucket link
    with pytest.raises(ValueError):
        private_storage.url(attachment.file.name)
    # removing it removes the object
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_attachment(attachment=attachment, by=jinshan_secretary)
    listed = object_store.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    assert f"private/{attachment.file.name}" not in [o["Key"] for o in listed]
