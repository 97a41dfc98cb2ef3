"""What the parts of the gradient pass share: its error and the layout of a call
site's sensitivities."""

from __future__ import annotations

from myia.errors import MyiaTypeError

Site = tuple[str, tuple[str, ...]]
"""How a call site lays out the sensitivities of its callees' captures: ("apply",
the functions the called value may be) or ("if", (then, else))."""


class GradError(MyiaTypeError):
    """A program this pass cannot differentiate."""
