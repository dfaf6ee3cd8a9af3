"""An author hears when someone else edits their item; their own edits tell nobody."""

from core.models import Notification
from publicity import services

from .conftest import draft


def test_an_administrators_edit_reaches_the_author(author, superuser):
    item = draft(author)
    Notification.objects.all().delete()
    services.update_item(item=item, by=author, title="自己改的标题")
    assert not Notification.objects.exists()
    services.update_item(item=item, by=superuser, title="管理员改的标题")
    notice = Notification.objects.get()
    assert notice.recipient == author
    assert notice.title == "您的稿件“管理员改的标题”已由超级管理员修改"
    services.update_item(item=item, by=superuser, title="管理员改的标题")  # no change
    assert Notification.objects.count() == 1
