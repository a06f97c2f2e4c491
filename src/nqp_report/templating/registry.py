"""The registry of names a template can call: a method is offered to templates by decorating it.

A public method of a namespace class that is not registered is a programming
error found when the namespace is built, so a new helper cannot be silently
unavailable.
"""

from __future__ import annotations

from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)
_MARK = "__template_name__"


def template_function(fn: F) -> F:
    """Return ``fn`` marked as callable from templates under its own name."""
    setattr(fn, _MARK, fn.__name__)
    return fn


def exported_methods(obj: object) -> dict[str, Callable]:
    """Return the registered methods of ``obj`` by name; RuntimeError for an unregistered public method."""
    out = {}
    for name in sorted(dir(type(obj))):
        attr = getattr(type(obj), name)
        if name.startswith("_") or not callable(attr) or isinstance(attr, type):
            continue
        if getattr(attr, _MARK, None) is None and name not in getattr(obj, "internal", ()):
            raise RuntimeError(f"public method {name!r} of {type(obj).__name__} is not registered")
        if getattr(attr, _MARK, None):
            out[name] = getattr(obj, name)
    return out
