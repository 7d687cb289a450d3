from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('experts', '0002_bounds'),
    ]

    operations = [
        migrations.AddField(
            model_name='mission',
            name='cancelled_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='cancelled'),
        ),
        migrations.AlterField(
            model_name='mission',
            name='status',
            field=models.CharField(choices=[('proposed', 'Proposed'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('in-progress', 'In progress'), ('delivered', 'Delivered'), ('evaluated', 'Evaluated'), ('cancelled', 'Cancelled')], db_index=True, default='proposed', max_length=12, verbose_name='status'),
        ),
    ]
