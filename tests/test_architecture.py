"""The folders are the layers: each layer imports only itself and the layers below it.

The core does not know the GUI exists: only wallet/ui and a plug-in's qt.py import Qt.
A plug-in (connectors/X/) is reached from outside only through its public names and the
parts it declares in the entry-point groups mydata_wallet.cli and mydata_wallet.qt.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# base (wallet's top-level modules) < store < imports < features < the front ends (cli, ui).
LAYERS = {"base": 0, "store": 1, "imports": 2, "features": 3, "cli": 4, "ui": 4}
FRONT_ENDS = {"cli", "ui"}
# Connectors sit beside the core: they may use these layers of it and nothing above.
CONNECTORS_MAY_IMPORT = {"base", "store", "imports"}
# ... except a plug-in's own parts for the front ends: connectors/X/cli.py and connectors/X/qt.py.
PLUGIN_PARTS = {"cli": "cli", "qt": "ui"}

# Known violations, each to be removed by the work named in its comment (issue 15 emptied it). The
# test fails when a listed pair no longer occurs, so this list can only shrink.
ALLOWED: set[tuple[str, str]] = set()


def _may_import_qt(path: Path) -> bool:
    """wallet/ui/ and a plug-in's qt.py (connectors/X/qt.py)."""
    parts = path.relative_to(ROOT).parts
    return parts[:2] == ("wallet", "ui") or (parts[0] == "connectors" and len(parts) == 3 and parts[2] == "qt.py")


def test_core_imports_no_qt() -> None:
    offenders = []
    for path in list((ROOT / "wallet").rglob("*.py")) + list((ROOT / "connectors").rglob("*.py")):
        if _may_import_qt(path):
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
    """base, store, imports, features, cli, ui, or connectors.

    A plug-in's front-end parts (connectors/X/cli.py, connectors/X/qt.py) are in the cli and ui layers.
    """
    parts = module.split(".")
    if parts[0] == "connectors":
        return PLUGIN_PARTS.get(parts[2], "connectors") if len(parts) > 2 else "connectors"
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    return "base"


def _violates(importer: str, imported: str) -> bool:
    mine, theirs = _layer(importer), _layer(imported)
    in_connectors = importer.split(".")[0] == "connectors"
    if imported.split(".")[0] == "connectors" and not in_connectors:
        return True  # nothing in wallet/ knows a particular connector
    if in_connectors:
        # A plug-in's core uses the lower layers and connectors' cores; its cli.py may also use wallet.cli,
        # its qt.py wallet.ui (and neither the other front end, whether in wallet/ or in a plug-in).
        return theirs not in CONNECTORS_MAY_IMPORT | {"connectors"} | ({mine} & FRONT_ENDS)
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
    assert not _violates("connectors.bank_csv.cli", "wallet.cli")
    assert not _violates("connectors.bank_csv.qt", "wallet.ui.plugins")
    assert _violates("connectors.bank_csv.cli", "wallet.ui.plugins")
    assert _violates("connectors.bank_csv", "wallet.cli")
    assert _layer("connectors.bank_csv.qt") == "ui" and _layer("connectors.bank_csv.cli") == "cli"
    assert _layer("connectors.bank_csv.profiles") == _layer("connectors") == "connectors"
    assert _violates("connectors.bank_csv", "connectors.bank_csv.qt")  # a plug-in's core reaching Qt
    assert _violates("connectors.bank_csv", "connectors.bank_csv.cli")
    assert _violates("connectors.fhir", "connectors.bank_csv.qt")
    assert _violates("connectors.bank_csv.cli", "connectors.bank_csv.qt")
    assert _violates("connectors.bank_csv.qt", "wallet.cli")
    assert _violates("connectors.bank_csv.qt", "wallet.features.share")
    assert _violates("wallet.ui.plugins", "connectors.bank_csv.qt")
    assert not _violates("connectors.bank_csv.qt", "connectors.bank_csv")
    assert not _violates("connectors.bank_csv.cli", "connectors.bank_csv.profiles")
    assert _may_import_qt(ROOT / "connectors" / "bank_csv" / "qt.py")
    assert not _may_import_qt(ROOT / "connectors" / "bank_csv" / "__init__.py")


# ---------------------------------------------------------------- a plug-in's public interface
def _declared_parts() -> set[str]:
    """The plug-in parts named in pyproject.toml's mydata_wallet.cli and mydata_wallet.qt groups."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = project["entry-points"]
    return {
        value.partition(":")[0]
        for group in ("mydata_wallet.cli", "mydata_wallet.qt")
        for value in groups.get(group, {}).values()
    }


def _plugin(module: str) -> str | None:
    """``connectors.X`` for a module of connectors/X/, else None."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "connectors" and len(parts) > 1 else None


def _reaches_inside(path: Path, module: str, declared: set[str]) -> list[str]:
    """The ways this file reaches a plug-in it is not part of beyond its public names and declared parts."""
    mine = _plugin(module)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[str] = []
    bound: dict[str, str] = {}  # local name -> the dotted name it was imported as (import ... as, from ...)

    def check_module(name: str, where: int) -> None:
        plugin = _plugin(name)
        if plugin is None or plugin == mine or name == plugin:
            return
        if name not in declared:
            found.append(f"{module}:{where} imports {name}, not a declared part of {plugin}")

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                check_module(alias.name, node.lineno)
                local = alias.asname or alias.name.partition(".")[0]  # ``import a.b`` binds a
                bound[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            if _plugin(source) not in {None, mine}:
                check_module(source, node.lineno)
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if _plugin(sub) in {None, mine}:  # ``from connectors import bank_csv`` reaches connectors.bank_csv
                    continue
                if _is_module(sub):
                    check_module(sub, node.lineno)
                elif alias.name.startswith("_"):
                    found.append(f"{module}:{node.lineno} imports the private name {alias.name} of {source}")
                bound[alias.asname or alias.name] = sub
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            check_module(node.args[0].value, node.lineno)

    def dotted(node: ast.expr) -> str | None:
        """``b._Reader`` after ``import connectors.bank_csv as b`` -> ``connectors.bank_csv._Reader``."""
        if isinstance(node, ast.Name):
            return bound.get(node.id)
        if isinstance(node, ast.Attribute) and (base := dotted(node.value)) is not None:
            return f"{base}.{node.attr}"
        return None

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and (owner := dotted(node.value)) is not None
            and _plugin(owner) not in {None, mine}
        ):
            found.append(f"{module}:{node.lineno} uses the private {ast.unparse(node)} of {owner}")
    return found


def test_a_plugin_is_reached_only_through_its_public_names_and_declared_parts() -> None:
    declared = _declared_parts()
    assert "connectors.bank_csv.cli" in declared and "connectors.bank_csv.qt" in declared
    for part in declared:
        assert _is_module(part), f"pyproject.toml declares {part}, which does not exist"
    offenders = []
    for path in sorted([*(ROOT / "wallet").rglob("*.py"), *(ROOT / "connectors").rglob("*.py")]):
        offenders += _reaches_inside(path, _module_name(path), declared)
    assert offenders == []


def test_the_public_names_rule_itself(tmp_path: Path) -> None:
    declared = {"connectors.bank_csv.cli"}
    probe = ROOT / "wallet" / "ui" / "probe_for_the_rule.py"  # never written: parsed from text below
    cases = {
        "from connectors.bank_csv import detect_in_head\n": [],
        "from connectors.bank_csv.cli import register\n": [],
        "from connectors.bank_csv import _Reader\n": ["private name _Reader"],
        "from connectors.bank_csv import BankCsvConnector\nBankCsvConnector._detect_in_head\n": ["private"],
        "import connectors.bank_csv.profiles\n": ["not a declared part"],
        "from connectors.bank_csv import qt\n": ["not a declared part"],
        "from connectors import bank_csv\nbank_csv._x\n": ["private bank_csv._x"],
        "from connectors import bank_csv as b\nb.BankCsvConnector._detect_in_head\n": ["private"],
        "from connectors import bank_csv\nbank_csv.detect_in_head\n": [],
        "import connectors.bank_csv as b\nb._Reader\n": ["private b._Reader"],
        "import connectors.bank_csv\nconnectors.bank_csv._Reader\n": ["private connectors.bank_csv._Reader"],
        "import connectors.bank_csv as b\nb.detect_in_head\n": [],
        "from connectors import bank_csv\nfrom connectors.bank_csv import qt\n": ["not a declared part"],
    }
    for text, expected in cases.items():
        source = tmp_path / "probe.py"
        source.write_text(text, encoding="utf-8")
        found = _reaches_inside_text(source, probe, declared)
        assert len(found) == len(expected), (text, found)
        assert all(e in f for e, f in zip(expected, found, strict=True)), (text, found)


def _reaches_inside_text(source: Path, pretend: Path, declared: set[str]) -> list[str]:
    """:func:`_reaches_inside` on ``source``'s text as though it were the module at ``pretend``."""
    return _reaches_inside(source, _module_name(pretend), declared)
