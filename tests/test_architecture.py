"""The folders are the layers: each layer imports only itself and the layers below it.

The core does not know the GUI exists: only wallet/ui imports Qt.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# base (wallet's top-level modules) < store < imports < features < the front ends (cli, ui).
LAYERS = {"base": 0, "store": 1, "imports": 2, "features": 3, "cli": 4, "ui": 4}
FRONT_ENDS = {"cli", "ui"}
# Connectors sit beside the core: they may use these layers of it and nothing above.
CONNECTORS_MAY_IMPORT = {"base", "store", "imports"}

# Known violations today, each to be removed by the work named in its comment. The test fails
# when a pair no longer occurs, so this list can only shrink.
ALLOWED: set[tuple[str, str]] = {
    # storage and import code verify signatures with the sharing feature's JWS code:
    ("wallet.store.vault", "wallet.features.share.signing"),  # fixed by issue 15 part: one JWS module
    ("wallet.imports.issuers", "wallet.features.share.signing"),  # fixed by issue 15 part: one JWS module
    # the front ends reach into the bank_csv plugin (profiles, detection, private names):
    ("wallet.cli.finance", "connectors.bank_csv"),  # fixed by issue 15 part: bank_csv plugin parts (cli.py)
    ("wallet.ui.csv_profile_dialog", "connectors.bank_csv"),  # fixed by issue 15 part: bank_csv plugin parts (qt.py)
    ("wallet.ui.import_flow", "connectors.bank_csv"),  # fixed by issue 15 part: one connector detection
    # connectors that use a feature module's parsing/model code:
    ("connectors.green_button", "wallet.features.energy"),  # fixed by issue 15 part: move shared energy code down
    ("connectors.documents", "wallet.features.documents"),  # fixed by issue 15 part: move shared document code down
    # the command line opens the desktop app (no command, or `gui`):
    ("wallet.cli", "wallet.ui.app"),  # fixed by issue 15 part: a launcher above both front ends
}


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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _imports(path: Path, module: str) -> set[str]:
    """Every module this file imports, anywhere in it.

    ``if TYPE_CHECKING:`` blocks and function bodies count, and so does ``importlib.import_module("...")``
    with a literal name.
    """
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                found.add(sub if _is_module(sub) else source)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return {name for name in found if name.split(".")[0] in {"wallet", "connectors"}}


def _layer(module: str) -> str:
    """base, store, imports, features, cli, ui, or connectors."""
    parts = module.split(".")
    if parts[0] == "connectors":
        return "connectors"
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    return "base"


def _violates(importer: str, imported: str) -> bool:
    mine, theirs = _layer(importer), _layer(imported)
    if mine == "connectors":
        return theirs not in CONNECTORS_MAY_IMPORT and theirs != "connectors"
    if theirs == "connectors":
        return True  # nothing in wallet/ knows a particular connector
    if mine in FRONT_ENDS and theirs in FRONT_ENDS:
        return mine != theirs
    return LAYERS[theirs] > LAYERS[mine]


def _all_imports() -> list[tuple[str, str]]:
    pairs = []
    for path in sorted([*(ROOT / "wallet").rglob("*.py"), *(ROOT / "connectors").rglob("*.py")]):
        module = _module_name(path)
        pairs.extend((module, imported) for imported in sorted(_imports(path, module)))
    return pairs


def test_each_layer_imports_only_itself_and_the_layers_below() -> None:
    pairs = _all_imports()
    assert len(pairs) > 100
    violations = {(importer, imported) for importer, imported in pairs if _violates(importer, imported)}
    assert sorted(violations - ALLOWED) == [], "an import reaches up a layer (or into a connector)"
    assert sorted(ALLOWED - violations) == [], "fixed: remove these pairs from ALLOWED"


def test_the_layer_rules_themselves() -> None:
    assert _layer("wallet") == _layer("wallet.model") == "base"
    assert _layer("wallet.store.vault") == "store"
    assert _layer("wallet.features.share.signing") == "features"
    assert not _violates("wallet.features.share.bundle", "wallet.store.vault")
    assert _violates("wallet.store.vault", "wallet.features.share.signing")
    assert _violates("wallet.cli.share", "wallet.ui.share_dialog")
    assert _violates("wallet.ui.app", "wallet.cli")
    assert _violates("wallet.imports.pipeline", "connectors.fhir")
    assert _violates("connectors.green_button", "wallet.features.energy")
    assert not _violates("connectors.shc", "wallet.imports.issuers")
    assert not _violates("wallet.ui.app", "wallet.features.share")
