"""What reaches a terminal: file and bundle text shown escaped, at one place, in every command (issue 14.3)."""

from __future__ import annotations

import ast
import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import FIXTURES, PASSPHRASE
from hypothesis import given
from hypothesis import strategies as st

from wallet.cli import cli
from wallet.cli.termsafe import json_text, shown
from wallet.store.vault import Vault

ROOT = Path(__file__).resolve().parents[1]

# What a hostile file carries: clear the screen, set the window title, a forged line, a carriage
# return that overwrites, a right-to-left override, a C1 CSI (colour), a lone surrogate is added below.
EVIL = "Zorblax\x1b[2J\x1b]0;pwned\x07\nFORGED LINE\rover\u202eright\x9b31m end"
# Characters that must never reach the terminal raw (checked without using wallet.cli.termsafe).
RAW = ("\x1b", "\r", "\x07", "\u202e", "\x9b", "\x00", "\u2066", "\u200f")


def assert_terminal_safe(text: str) -> None:
    for ch in RAW:
        assert ch not in text, (ch, text[:2000])
    for ch in text:
        if ch != "\n":
            assert unicodedata.category(ch) not in ("Cc", "Cf", "Cs") or ch in "\u200c\u200d", (hex(ord(ch)), text)
    assert not any(line.startswith("FORGED LINE") for line in text.split("\n")), text


# ----------------------------------------------------------------------------- the one function
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\x1bb", "a\\x1bb"),
        ("line\nnext", "line\\nnext"),
        ("cr\rtab\t", "cr\\rtab\\t"),
        ("del\x7f c1\x9b nel\x85", "del\\x7f c1\\x9b nel\\x85"),
        ("abc\u202edef", "abc\\u202edef"),
        ("\u2066iso\u2069 \u200emark\u200f \u061c", "\\u2066iso\\u2069 \\u200emark\\u200f \\u061c"),
        ("zero\u200bwidth\ufeff soft\u00adhyphen", "zero\\u200bwidth\\ufeff soft\\xadhyphen"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("surrogate\udc80", "surrogate\\udc80"),
        ("sep\u2028para\u2029", "sep\\u2028para\\u2029"),
        ("고혈압 Müller café 👍 👩\u200d👩\u200d👧", "고혈압 Müller café 👍 👩\u200d👩\u200d👧"),
        ("C:\\Users\\kim", "C:\\Users\\kim"),
    ],
)
def test_shown_escapes_what_a_terminal_would_act_on(raw: str, expected: str) -> None:
    assert shown(raw) == expected


@given(st.text(alphabet=st.characters(codec=None), max_size=60))
def test_shown_leaves_nothing_unsafe(text: str) -> None:
    out = shown(text)
    assert "\n" not in out
    assert_terminal_safe(out)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(alphabet=st.characters(codec=None)),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
        max_leaves=10,
    )
)
@pytest.mark.slow
def test_json_text_stays_the_same_json_and_safe(data: object) -> None:
    text = json_text(data)
    assert_terminal_safe(text)
    assert json.loads(text) == data


@pytest.mark.slow
def test_cli_modules_print_only_through_termsafe() -> None:
    """Every line the command line prints goes through wallet.cli.termsafe: no raw printing call is left.

    The command modules (wallet/cli/*.py) and everything they call (the core and the connectors);
    the desktop app (wallet/ui) draws text in widgets, not in a terminal.
    """
    offenders = []
    paths = [*(ROOT / "wallet").rglob("*.py"), *(ROOT / "connectors").rglob("*.py")]
    for path in sorted(paths):
        rel = path.relative_to(ROOT)
        if rel.parts[:2] == ("wallet", "ui") or rel == Path("wallet/cli/termsafe.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = ast.unparse(node.func)
            if name in {"click.echo", "click.secho", "print", "click.echo_via_pager", "click.get_text_stream"} or (
                name.endswith(".write") and ("stdout" in name or "stderr" in name)
            ):
                offenders.append(f"{rel}:{node.lineno}: {name}(...)")
    assert len(paths) > 20
    assert offenders == [], "print through wallet.cli.termsafe.echo / echo_lines / echo_json instead"


# ------------------------------------------------------------------- every command, a hostile file
def hostile_bundle() -> dict[str, object]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "resource": {
                    "resourceType": "Patient",
                    "id": "p1",
                    "name": [{"text": EVIL, "family": EVIL}],
                    "birthDate": "1980-01-02",
                }
            },
            {
                "resource": {
                    "resourceType": "Condition",
                    "id": "c1",
                    "subject": {"reference": "Patient/p1"},
                    "code": {"text": EVIL},
                    "onsetDateTime": "2020-03-04",
                    "note": [{"text": EVIL}],
                }
            },
        ],
    }


def run(vault_dir: Path, *args: str) -> Result:
    # color=True: nothing is stripped on the way, the bytes are what a terminal would get.
    return CliRunner().invoke(
        cli,
        ["--vault", str(vault_dir), *args],
        color=True,
        env={"MYDATA_WALLET_PASSPHRASE": PASSPHRASE},
        catch_exceptions=False,
    )


@pytest.fixture
def hostile(vault: Vault, vault_dir: Path, tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "in"
    folder.mkdir()
    name = folder / "evil\x1b[2J\u202e\nFORGED LINE.json"
    name.write_text(json.dumps(hostile_bundle()), encoding="utf-8")
    pdf = folder / "receipt\x1b]0;pwned\x07\u202e.pdf"
    shutil.copyfile(FIXTURES / "documents" / "pharmacy_receipt_en.pdf", pdf)
    vault.close()
    return {"json": str(name), "pdf": str(pdf), "folder": str(folder)}


@pytest.mark.slow
def test_every_command_shows_hostile_text_escaped(hostile: dict[str, str], vault_dir: Path) -> None:
    outputs: dict[str, Result] = {}
    outputs["import"] = run(vault_dir, "import", hostile["json"], "--person", "new")
    assert outputs["import"].exit_code == 0, outputs["import"].output
    outputs["doc add"] = run(vault_dir, "doc", "add", hostile["pdf"], "--issuer", EVIL)
    assert outputs["doc add"].exit_code == 0, outputs["doc add"].output
    with Vault.open(vault_dir, PASSPHRASE) as v:
        condition = v.records(kind="Condition")[0]
        found = len(v.search("Zorblax"))
    outputs["records"] = run(vault_dir, "records", "--all-people")
    outputs["records --json"] = run(vault_dir, "records", "--all-people", "--json")
    outputs["search"] = run(vault_dir, "search", "Zorblax")
    outputs["show"] = run(vault_dir, "show", condition.id)
    outputs["persons list"] = run(vault_dir, "persons", "list")
    outputs["doc list"] = run(vault_dir, "doc", "list")
    outputs["connectors"] = run(vault_dir, "connectors")
    outputs["audit"] = run(vault_dir, "audit")
    outputs["import json"] = run(vault_dir, "import", "--json", hostile["json"], "--person", "new")
    # an error message naming a file: a file no connector reads
    bad = Path(hostile["folder"]) / "nothing\x1b[2J\nFORGED LINE\u202e.bin"
    bad.write_bytes(b"\x00\x01 not a format")
    outputs["error"] = run(vault_dir, "import", str(bad))
    assert outputs["error"].exit_code == 1
    assert "nothing\\x1b[2J\\nFORGED LINE\\u202e.bin" in outputs["error"].stderr
    for command, result in outputs.items():
        assert "Traceback" not in result.output, command
        assert_terminal_safe(result.stdout)
        assert_terminal_safe(result.stderr)
    # The hostile text is shown, escaped, not dropped.
    for command in ("import", "records", "search", "show"):
        assert "\\x1b[2J" in outputs[command].output, (command, outputs[command].output)
    for command in ("records", "search", "show"):
        assert (
            "Zorblax\\x1b[2J\\x1b]0;pwned\\x07\\nFORGED LINE\\rover\\u202eright\\x9b31m end" in outputs[command].stdout
        )
    assert "\\u202e" in outputs["persons list"].stdout and "\\x1b[2J" in outputs["doc list"].stdout
    # one line per record, whatever the title holds, under one line saying whose records they are
    assert found >= 2 and len(outputs["search"].stdout.splitlines()) == found + 1
    assert len(outputs["records"].stdout.splitlines()) == len(json.loads(outputs["records --json"].stdout)) + 1


@pytest.mark.slow
def test_json_output_is_valid_and_escaped(hostile: dict[str, str], vault_dir: Path) -> None:
    assert run(vault_dir, "import", hostile["json"], "--person", "new").exit_code == 0
    for args in (("records", "--all-people", "--json"), ("search", "Zorblax", "--json")):
        result = run(vault_dir, *args)
        assert_terminal_safe(result.stdout)
        titles = [r["title"] for r in json.loads(result.stdout)]
        assert EVIL in titles  # the JSON still carries the exact text, as JSON escapes
        assert "\\u202e" in result.stdout and "\\u009b" in result.stdout


def test_a_lone_surrogate_in_a_file_name_is_shown_not_a_crash(vault: Vault, vault_dir: Path, tmp_path: Path) -> None:
    """A file name that is not UTF-8 (Python hands it over as lone surrogates) is shown escaped."""
    vault.close()
    result = run(vault_dir, "import", str(tmp_path / "caf\udce9 \x1b[2J.json"))
    assert result.exit_code == 1
    assert "caf\\udce9 \\x1b[2J.json: no such file" in result.stderr
    assert_terminal_safe(result.stderr)


@pytest.mark.slow
def test_a_file_whose_name_is_not_utf8_imports(vault: Vault, vault_dir: Path, tmp_path: Path) -> None:
    """A real file with undecodable bytes in its name imports; the name is kept with U+FFFD, not a crash."""
    import os

    src = FIXTURES / "fhir-ips" / "Bundle-bundle-minimal.json"
    raw = os.fsencode(tmp_path) + b"/ips\xff\xfe.json"
    with open(raw, "wb") as out:
        out.write(src.read_bytes())
    vault.close()
    result = run(vault_dir, "import", os.fsdecode(raw), "--person", "new")
    assert result.exit_code == 0, result.output
    assert "ips\ufffd\ufffd.json" in result.stdout
    assert_terminal_safe(result.stdout)
    with Vault.open(vault_dir, PASSPHRASE) as again:
        assert "ips\ufffd\ufffd.json" in {r.provenance.source_name for r in again.records()}


@pytest.mark.slow
def test_click_usage_errors_are_escaped_too(tmp_path: Path) -> None:
    """click's own messages (a stray argument, e.g. a hostile file name from a glob) go through the same place."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("MYDATA_WALLET")}
    name = str(tmp_path / "gone\x1b]0;pwned\x07\nFORGED LINE\u202e.zip")
    for args in (["connectors", name], ["verify", name]):  # click prints the first one raw by itself
        r = subprocess.run(
            [sys.executable, "-m", "wallet.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert r.returncode == 2
        assert "gone\\x1b]0;pwned\\x07\\nFORGED LINE\\u202e.zip" in r.stderr
        assert r.stderr.splitlines()[0].startswith("Usage: ") and r.stderr.splitlines()[-1].startswith("Error: ")
        assert_terminal_safe(r.stderr)
