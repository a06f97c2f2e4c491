"""Templating: templates + comparisons -> document model.

``namespace`` is what a template sees (registered helpers and directives);
``tables``, ``appendix``, ``matrix`` and ``figures`` build model nodes;
``render`` runs the sandbox and turns the Markdown into model blocks.
"""

from .namespace import BriefingContext
from .render import Params, Template, build_document, find_template, load_template, merge_params, render_front_matter

__all__ = ["BriefingContext", "Params", "Template", "build_document", "find_template", "load_template",
           "merge_params",
           "render_front_matter"]
