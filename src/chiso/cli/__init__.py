"""The ``chiso`` command: thin verbs over chiso.core."""
