"""The series' bounds and convening court become required (after 0005 filled them: PostgreSQL
does not alter a table with pending deferred checks inside the same transaction)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0005_series_convening_court_bounds"),
    ]

    operations = [
        migrations.AlterField(
            model_name='meetingseries',
            name='convening_court',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='convened_series', to='courts.court', verbose_name='convening court'),
        ),
        migrations.AddField(
            model_name='meetingseries',
            name='ended_on',
            field=models.DateField(blank=True, null=True, verbose_name='ended on'),
        ),
        migrations.AddField(
            model_name='meetingseries',
            name='numbering_offset',
            field=models.IntegerField(default=0, editable=False, help_text="Added to a date's position in the rule to give the meeting's number: the plan numbers real meetings only, on from those held before the rule last changed.", verbose_name='meetings before the current plan'),
        ),
        migrations.AlterField(
            model_name='meetingseries',
            name='duration_minutes',
            field=models.PositiveSmallIntegerField(default=120, validators=[django.core.validators.MinValueValidator(15, 'A meeting lasts at least 15 minutes.'), django.core.validators.MaxValueValidator(720, 'A meeting lasts at most 12 hours.')], verbose_name='duration (minutes)'),
        ),
        migrations.AlterField(
            model_name='meetingseries',
            name='horizon_days',
            field=models.PositiveSmallIntegerField(default=183, validators=[django.core.validators.MinValueValidator(7, 'Plan at least 7 days ahead.'), django.core.validators.MaxValueValidator(732, 'Plan at most two years (732 days) ahead.')], verbose_name='plan ahead (days)'),
        ),
        migrations.AddConstraint(
            model_name='meetingseries',
            constraint=models.CheckConstraint(condition=models.Q(('duration_minutes__gte', 15), ('duration_minutes__lte', 720)), name='series_duration_in_bounds', violation_error_message='A meeting lasts between 15 minutes and 12 hours.'),
        ),
        migrations.AddConstraint(
            model_name='meetingseries',
            constraint=models.CheckConstraint(condition=models.Q(('horizon_days__gte', 7), ('horizon_days__lte', 732)), name='series_horizon_in_bounds', violation_error_message='Plan between 7 days and two years ahead.'),
        ),
    ]
