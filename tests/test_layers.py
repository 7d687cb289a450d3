"""What import-linter cannot see: a name another app keeps private (``_name``) stays there.

The layers and the feature apps' boundaries are checked by import-linter (`lint-imports`, in
`make test`; contracts in pyproject.toml); it reads modules, not the names taken from them.
"""

import ast
from pathlib import Path

import atelier

SOURCE = Path(atelier.__file__).resolve().parent


def _app_of(module):
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "atelier" else None


def _private_names_taken_from_other_apps():
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if "migrations" in relative.parts:
            continue
        own_app = relative.parts[0] if len(relative.parts) > 1 else relative.stem
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
                continue
            app = _app_of(node.module)
            if app is None or app == own_app:
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{relative}:{node.lineno} {node.module}.{alias.name}")
    return found


def test_no_app_imports_a_name_another_app_keeps_private():
    assert _private_names_taken_from_other_apps() == []
