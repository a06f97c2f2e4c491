"""Templating: templates + comparisons -> document model.

``namespace`` is what a template sees (registered helpers and directives);
``tables``, ``appendix``, ``matrix`` and ``figures`` build model nodes;
``template`` reads a template and its front matter, ``sandbox`` renders it in
strict Jinja2, ``render`` turns the Markdown into model blocks.
"""

from .namespace import BriefingContext
from .render import build_document
from .sandbox import render_front_matter, render_markdown
from .template import Params, Template, find_template, load_template, merge_params

__all__ = ["BriefingContext", "Params", "Template", "build_document", "find_template", "load_template",
           "merge_params", "render_front_matter", "render_markdown"]
