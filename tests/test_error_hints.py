"""Errors carry data; each front end words them.

The core (``wallet/`` outside ``cli/`` and ``ui/``, and the connectors' cores) never speaks command-line
syntax: an error names the problem, and its :class:`~wallet.errors.Hint` says what the user can do.
The CLI words a hint as its options (``wallet.cli.hints``), the app as its own controls
(``wallet.ui.hints``).
"""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from wallet.cli import hints as cli_hints
from wallet.errors import (
    AmbiguousConnector,
    ChoosePerson,
    ConnectorOption,
    Hint,
    PersonMatchUncertain,
    WalletError,
    validation_problems,
)
from wallet.model import Person, PersonHint

ROOT = Path(__file__).parents[1]
CLI_SYNTAX = re.compile(r"(?<![\w-])--[a-z]|mydata-wallet [a-z]")
FRONT_END_FILES = {"cli.py", "qt.py"}
"""A connector plugin's own front ends: they may speak CLI (or Qt)."""


def _core_files() -> list[Path]:
    files = [p for p in (ROOT / "wallet").rglob("*.py") if p.relative_to(ROOT).parts[1] not in ("cli", "ui")]
    files += [p for p in (ROOT / "connectors").rglob("*.py") if p.name not in FRONT_END_FILES]
    return sorted(files)


NOT_CLI = {"Heart rate --resting", "--psm", "--list-langs", "--version", "--mydata-wallet-worker"}
"""Texts that only look like our CLI syntax: the LOINC name of code 40443-4, the options the OCR passes to the
tesseract program (connectors/documents/ocr.py), and the flag a frozen build starts its own worker processes with
(wallet/imports/offload.py), which no person reads."""


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring constants in ``tree`` (of modules, classes, functions and attributes)."""
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        for stmt in body if isinstance(body, list) else []:
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                out.add(id(stmt.value))
    return out


def _shown_texts(path: Path) -> list[tuple[int, str]]:
    """Every text in ``path`` a user may read: errors, check results, stored reasons, reports (not docstrings).

    Raised messages are not the only ones shown: a verification's check messages, a health card's stored
    reason and a report's lines reach the app's windows as they are.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


def test_no_core_message_carries_cli_syntax() -> None:
    files = _core_files()
    assert any(p.name == "errors.py" for p in files) and any("bank_csv" in p.parts for p in files)
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in files
        for line, text in _shown_texts(path)
        if CLI_SYNTAX.search(text) and text not in NOT_CLI
    ]
    assert found == [], "say it as a Hint (wallet/errors.py) and word it in wallet/cli/hints.py and wallet/ui/hints.py"


def test_the_scan_would_see_cli_syntax(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        '"""A module that mentions mydata-wallet verify --key in its docstring only is fine."""\n'
        "def f(x, result):\n"
        '    result.add("encryption", False, "give the private key (--key FILE)")\n'
        '    REASONS = {"no-keys": "trust it: mydata-wallet issuers trust"}\n'
        '    raise ConnectorError(f"{x}: unreadable; pass --option encoding=CODEC")\n'
    )
    found = [text for _line, text in _shown_texts(bad) if CLI_SYNTAX.search(text)]
    assert len(found) == 3 and not any("docstring" in text for text in found), found


def _uncertain_person() -> PersonMatchUncertain:
    kim = Person(id="a1b2c3d4e5f6", name="Min Kim", birth_date=date(2015, 3, 1))
    patient = PersonHint(subject_key="p1", name="Min Kim", birth_date=date(2016, 3, 1))
    return PersonMatchUncertain(patient, [kim], ["the birth dates differ"])


def _uncertain_encoding() -> WalletError:
    from connectors.bank_csv import EncodingUncertain

    return EncodingUncertain("bank.csv", ["cp1250", "cp1252"], {"cp1250": "Částka", "cp1252": "ÈÃ¡stka"})


def test_known_errors_carry_their_choice_as_data() -> None:
    person = _uncertain_person()
    assert person.hint == ChoosePerson() and [c.id for c in person.candidates] == ["a1b2c3d4e5f6"]
    encoding = _uncertain_encoding()
    assert encoding.hint == ConnectorOption("encoding", ("cp1250", "cp1252"))
    ambiguous = AmbiguousConnector("x.json", ["fhir", "shc"])
    for exc in (person, encoding, ambiguous):
        assert isinstance(exc.hint, Hint) and not CLI_SYNTAX.search(str(exc)), str(exc)


def test_the_cli_words_a_hint_as_its_options() -> None:
    assert cli_hints.say(_uncertain_encoding()).endswith("; choose one with --option encoding=NAME (cp1250 or cp1252)")
    assert cli_hints.say(_uncertain_person()).endswith("; choose with --person NAME|ID (or --person new)")
    assert cli_hints.say(AmbiguousConnector("x.json", ["fhir", "shc"])).endswith("; choose one with --connector")
    assert cli_hints.say(WalletError("plain")) == "plain"


def test_every_hint_is_worded_by_both_front_ends() -> None:
    pytest.importorskip("PySide6")
    from wallet import errors
    from wallet.ui import hints as app_hints

    kinds = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, Hint) and c is not Hint]
    assert len(kinds) >= 10
    samples = {
        errors.ConnectorOption: [errors.ConnectorOption("encoding"), errors.ConnectorOption("profile")],
        errors.ReadAnyway: [errors.ReadAnyway("allow_headerless")],
        errors.ChooseConnector: [errors.ChooseConnector(("fhir", "shc"))],
        errors.SeeList: [errors.SeeList("persons"), errors.SeeList("shares")],
    }
    for kind in kinds:
        for hint in samples.get(kind) or [kind()]:
            assert cli_hints.advice(hint), hint
            assert not CLI_SYNTAX.search(app_hints.advice(hint)), hint


def test_the_app_words_a_hint_as_its_own_controls(qapp: object) -> None:
    from wallet.ui import hints as app_hints
    from wallet.ui.workers import readable_error

    encoding = readable_error(_uncertain_encoding())
    assert encoding.startswith("bank.csv: cannot tell the text encoding")
    assert "Choose an encoding (cp1250, cp1252)" in encoding and "--" not in encoding
    person = readable_error(_uncertain_person())
    assert "the birth dates differ" in person and "Choose whose records these are" in person
    assert "--person" not in person
    assert app_hints.say(WalletError("plain")) == "plain"


def test_the_app_words_hints_in_korean(qapp: object) -> None:
    from wallet.ui import i18n
    from wallet.ui.workers import readable_error

    assert i18n.install("ko")
    try:
        person = readable_error(_uncertain_person())
        assert "Choose whose records" not in person and "--person" not in person
        assert re.search("[\uac00-\ud7a3]", person.splitlines()[-1])  # the advice is Korean
    finally:
        i18n.install("en")


def test_one_formatter_for_validation_errors() -> None:
    from pydantic import BaseModel, ValidationError

    class Inner(BaseModel):
        n: int

    class Outer(BaseModel):
        inner: Inner
        items: list[int]

    with pytest.raises(ValidationError) as info:
        Outer.model_validate({"inner": {"n": "x"}, "items": ["a", "b", "c", "d", "e", "f"]})
    lines = validation_problems(info.value)
    assert lines[0].startswith("inner.n: ") and len(lines) == 6 and lines[-1] == "... and 2 more validation problems"
    assert validation_problems(info.value, root="Outer", limit=1, sep=" > ")[0].startswith("Outer > inner > n: ")
