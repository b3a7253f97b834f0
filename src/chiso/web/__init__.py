"""chiso.web: the Django application (models, permissions, imports, pages). Calls chiso.core."""
