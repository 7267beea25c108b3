"""The core does not know the GUI exists: only wallet/ui imports Qt."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_core_imports_no_qt() -> None:
    offenders = []
    for path in list((ROOT / "wallet").rglob("*.py")) + list((ROOT / "connectors").rglob("*.py")):
        if "ui" in path.relative_to(ROOT).parts[1:2]:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"} for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
