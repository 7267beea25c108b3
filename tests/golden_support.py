"""Golden files: a JSON summary of what a connector read, pinned in ``tests/golden/<connector_id>/``.

Regenerate them with ``UPDATE_GOLDEN=1 .venv/bin/pytest -q tests/test_<connector>.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def check_golden(got: Any, path: Path, *, indent: int = 1, sort_keys: bool = False) -> None:
    """Assert that ``got`` equals the JSON in ``path``; with ``UPDATE_GOLDEN`` set, (re)write the file first.

    ``indent`` and ``sort_keys`` are the layout the existing file was written with.
    """
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(got, indent=indent, ensure_ascii=False, sort_keys=sort_keys) + "\n"
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.parent.name}/{path.name}; run the test with UPDATE_GOLDEN=1"
    assert got == json.loads(path.read_text(encoding="utf-8"))
