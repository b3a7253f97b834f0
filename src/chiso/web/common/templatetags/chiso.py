"""The `{% load chiso %}` template library: the filters live in chiso.web.common.formatting."""

from chiso.web.common.formatting import register

__all__ = ["register"]
