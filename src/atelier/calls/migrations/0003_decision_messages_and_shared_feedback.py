import atelier.core.multilingual
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('calls', '0002_bounds'),
    ]

    operations = [
        migrations.AddField(
            model_name='call',
            name='accepted_message',
            field=atelier.core.multilingual.MultilingualTextField(blank=True, default=dict, verbose_name='message to accepted applicants'),
        ),
        migrations.AddField(
            model_name='call',
            name='rejected_message',
            field=atelier.core.multilingual.MultilingualTextField(blank=True, default=dict, verbose_name='message to applicants not selected'),
        ),
        migrations.AddField(
            model_name='call',
            name='waitlisted_message',
            field=atelier.core.multilingual.MultilingualTextField(blank=True, default=dict, verbose_name='message to waitlisted applicants'),
        ),
        migrations.AddField(
            model_name='reviewassignment',
            name='comments_shared',
            field=models.BooleanField(default=False, verbose_name='comments shared with the applicant'),
        ),
        migrations.AddField(
            model_name='reviewassignment',
            name='scores_shared',
            field=models.BooleanField(default=False, verbose_name='scores shared with the applicant'),
        ),
    ]
