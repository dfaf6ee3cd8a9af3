"""Symposia and papers, moved here from casegroups/ (its migration 0010): the models enter this
app's state on their existing tables (casegroups_symposium, casegroups_paper and its authors), the
content types follow (so audit entries and reminders keep pointing at them), then the tables take
this app's names (0002)."""

import core.files
import core.validators
import django.core.validators
import django.db.models.deletion
import symposia.models
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    for model in ("symposium", "paper"):
        content_types.objects.filter(app_label="casegroups", model=model).update(
            app_label="symposia"
        )


def keep_content_types(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    for model in ("symposium", "paper"):
        content_types.objects.filter(app_label="symposia", model=model).update(
            app_label="casegroups"
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('activities', '0018_served_figures'),
        ('courts', '0007_court_case_code'),
        ('casegroups', '0010_symposia_moved_out'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Symposium',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                        ('date', models.DateField(validators=[core.validators.PortalYears()], verbose_name='date')),
                        ('theme', models.TextField(blank=True, max_length=2000, verbose_name='theme')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('activity', models.OneToOneField(blank=True, help_text='The joint activity of kind “academic symposium joint meeting” it was held at.', limit_choices_to={'kind': 'symposium_joint_meeting'}, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='symposium', to='activities.activity', verbose_name='joint meeting (activity)')),
                        ('host_court', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='symposia', to='courts.court', verbose_name='host court')),
                    ],
                    options={
                        'db_table': 'casegroups_symposium',
                        'verbose_name': 'symposium',
                        'verbose_name_plural': 'symposia',
                        'ordering': ['-date', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Paper',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('abstract', models.TextField(blank=True, max_length=5000, verbose_name='abstract')),
                        ('award', models.CharField(choices=[('first', 'First prize'), ('second', 'Second prize'), ('third', 'Third prize'), ('excellence', 'Excellence award'), ('none', 'No award')], default='none', max_length=12, verbose_name='award')),
                        ('file', models.FileField(blank=True, max_length=300, storage=core.files.PrivateStorage(), upload_to=symposia.models.paper_path, verbose_name='file')),
                        ('original_name', models.CharField(blank=True, max_length=200, verbose_name='file name')),
                        ('content_type', models.CharField(blank=True, max_length=100, verbose_name='content type')),
                        ('size', models.PositiveIntegerField(default=0, verbose_name='size (bytes)')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('authors', models.ManyToManyField(related_name='papers', to='courts.person', verbose_name='authors')),
                        ('symposium', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='papers', to='symposia.symposium', verbose_name='symposium')),
                    ],
                    options={
                        'db_table': 'casegroups_paper',
                        'verbose_name': 'paper',
                        'verbose_name_plural': 'papers',
                        'ordering': ['symposium', 'title'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='symposium',
                    constraint=models.UniqueConstraint(fields=('title', 'year'), name='one_symposium_title_per_year', violation_error_message='A symposium with this title exists in that year.'),
                ),
                migrations.AddIndex(
                    model_name='paper',
                    index=models.Index(fields=['award'], name='casegroups_paper_award'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, keep_content_types),
    ]
