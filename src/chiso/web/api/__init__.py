"""The API for other systems (a province's reporting system, the Ministry, analysts): django-ninja at
``/api/``, bearer tokens per user scoped exactly like the user, errors as JSON.

Each subject is a router (``routers/``) added to the one ``NinjaAPI`` in ``api.py``; plans, tasks, KPIs
and reporting rounds add as new routers the same way."""
