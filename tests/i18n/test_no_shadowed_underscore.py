"""A module that translates with ``_()`` must not also use ``_`` as a throw-away name in a function:
the function would raise UnboundLocalError at its first translated word (found in review, twice)."""

from __future__ import annotations

import ast

from .catalogue import ROOT


def _functions_assigning_underscore(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        uses = assigns = False
        stack = list(node.body)
        while stack:
            child = stack.pop()
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp, ast.SetComp,
                                  ast.DictComp, ast.GeneratorExp, ast.ClassDef)):
                continue  # their own scope
            if isinstance(child, ast.Name) and child.id == "_":
                if isinstance(child.ctx, ast.Store):
                    assigns = True
                else:
                    uses = True
            stack.extend(ast.iter_child_nodes(child))
        if uses and assigns:
            found.append(f"{node.name} (line {node.lineno})")
    return found


def test_no_function_shadows_the_translation_function():
    problems = {}
    for path in sorted((ROOT / "ctit_gui").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "import N_, _" not in text and "import _" not in text and "i18n import _" not in text:
            continue
        found = _functions_assigning_underscore(ast.parse(text))
        if found:
            problems[str(path.relative_to(ROOT))] = found
    assert problems == {}
