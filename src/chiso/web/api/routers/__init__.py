"""One router per subject, each added to the API in ``chiso.web.api.api``."""
