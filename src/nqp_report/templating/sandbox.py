"""The strict Jinja2 sandbox that renders template bodies and front-matter values, with errors by file and line."""

from __future__ import annotations

import re

from ..errors import NqpError, TemplateError
from .markers import escape_markdown
from .template import Template, front_matter_line


def _template_line(exc: BaseException, template: Template) -> int | None:
    """Return the template line of an error raised while rendering, from Jinja's rewritten traceback."""
    from jinja2 import TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return exc.lineno + template.body_line - 1
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(template.path):
            line = tb.tb_lineno
        tb = tb.tb_next
    return None if line is None else line + template.body_line - 1


_UNDEFINED = re.compile(r"'(?:[^']*object' has no attribute )?'?([^']+)'? is undefined")


def _environment(markdown: bool):
    """Return the strict sandbox; for Markdown bodies every printed value is escaped as literal text."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True,
                                finalize=escape_markdown if markdown else None)


def _render(template: Template, source: str, context: dict, where: str, line: int | None,
            markdown: bool = True) -> str:
    """Return ``source`` rendered in the strict sandbox; errors name the template file and line."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    env = _environment(markdown)

    def at(exc: BaseException) -> int | None:
        return _template_line(exc, template) if line is None else line

    try:
        compiled = env.compile(source, name=template.name, filename=str(template.path))
        jinja_template = env.template_class.from_code(env, compiled, env.make_globals(None), None)
        return jinja_template.render(context)
    except TemplateError as exc:
        if exc.file is None:
            raise TemplateError(where + exc.detail, str(template.path), at(exc)) from exc
        raise
    except NqpError:
        raise
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{where}模板语法错误：{exc.message}", str(template.path), at(exc)) from exc
    except UndefinedError as exc:
        m = _UNDEFINED.search(str(exc))
        name = m.group(1) if m else str(exc)
        raise TemplateError(f"{where}未知的名称“{name}”", str(template.path), at(exc)) from exc
    except SecurityError as exc:
        raise TemplateError(f"{where}模板不允许的操作：{exc}", str(template.path), at(exc)) from exc
    except (TypeError, ValueError, KeyError, AttributeError, ZeroDivisionError) as exc:
        raise TemplateError(f"{where}模板求值出错：{exc}", str(template.path), at(exc)) from exc


def render_markdown(template: Template, context: dict) -> str:
    """Return the template body rendered by the strict sandboxed Jinja2 environment."""
    return _render(template, template.body, context, "", None)


def render_front_matter(template: Template, key: str, value: object, context: dict) -> str:
    """Return one front-matter value (``title: "{{ target }}…"``) rendered in the same strict sandbox."""
    text = "" if value is None else str(value)
    return _render(template, text, context, f"前置参数“{key}”中：", front_matter_line(template, key), markdown=False)
