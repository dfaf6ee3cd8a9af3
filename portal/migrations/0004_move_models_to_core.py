from django.db import migrations


class Migration(migrations.Migration):
    """The kernel's models (inbox, reminders, calendar tokens, heartbeats) now belong to core;
    their tables stay where they are and core's migrations take them over."""

    dependencies = [
        ("portal", "0003_reminder_delivery_and_more"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Delivery"),
                migrations.DeleteModel(name="Reminder"),
                migrations.DeleteModel(name="CalendarToken"),
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="TaskHeartbeat"),
            ],
        )
    ]
