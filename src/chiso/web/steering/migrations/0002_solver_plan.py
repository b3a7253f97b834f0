"""The solver's saved output is a solver plan ("phương án"), so that "plan" names the improvement plan
(the ``plans`` app). A rename: the rows, their ids and their content type stay (Django renames the
content type with the model, so audit entries naming a saved plan keep pointing at it)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("steering", "0001_initial"),
        ("indexdata", "0001_initial"),
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("Plan", "SolverPlan"),
        migrations.RemoveConstraint(model_name="solverplan", name="plan_unique_name"),
        migrations.AddConstraint(
            model_name="solverplan",
            constraint=models.UniqueConstraint(fields=("province", "year", "name"), name="solver_plan_unique_name"),
        ),
    ]
