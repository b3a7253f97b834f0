"""The generic audit: one ``Entry`` per change of anything (``models``), written only through
``actions.record``/``record_many`` inside the transaction of the change, read through
``actions.history`` and the audit pages (``chiso.web.pages.audit``).

Our own rather than django-simple-history, django-auditlog or django-reversion: those record model
saves (signals or a shadow table per model), but the writes that matter here are often not one model
save — an import writes thousands of rows in one SQL statement (``indexdata.bulk``), a cleared value
has no row left, an assignment is a set of agencies — and the record must say *why* and *through what*
(an import batch, a form, the API, the CLI), which those libraries do not carry without a
request-global. One explicit call in each action, in the action's transaction, records exactly the
change the user made, and a test checks that only actions modules write (tests/test_writes_in_actions.py).
"""
