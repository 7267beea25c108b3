"""Where the shipped resources (fonts, translations, icons, demo data) are.

In a source checkout or an editable install they are the repository's
``resources/`` folder; in an installed wheel they are the package
``mydata_wallet_resources`` (see ``[tool.setuptools.package-dir]``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resource_dir() -> Path:
    """The resources folder: the checkout's, else the installed ``mydata_wallet_resources`` package's."""
    checkout = Path(__file__).resolve().parents[1] / "resources"
    if checkout.is_dir():
        return checkout
    import importlib.util

    spec = importlib.util.find_spec("mydata_wallet_resources")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return checkout


def resource_path(*parts: str) -> Path:
    """A path inside the resources folder (it may not exist; callers say so clearly)."""
    return resource_dir().joinpath(*parts)
