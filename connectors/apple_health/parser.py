"""The streaming parser: export.xml fed to defusedxml's hardened expat in chunks, its prolog repaired,
its errors described in one line."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING
from xml.sax import SAXParseException
from xml.sax.handler import feature_string_interning

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.expatreader import DefusedExpatParser

from wallet.errors import ConnectorError
from wallet.imports.connector import ImportContext
from wallet.model import Record
from wallet.samples import Samples

if TYPE_CHECKING:
    from connectors.apple_health.builder import _Builder
    from connectors.apple_health.export import _Export

CHUNK = 256 * 1024
"""Bytes fed to expat at a time; the records of one chunk are yielded before the next is read."""
MAX_TAG_BYTES = 4 * 1024**2
"""export.xml's elements are a few hundred bytes; expat holds a tag until it ends, and its attributes
take twenty times their size once Python has them, so a longer run without an element is refused."""


class _Parser(DefusedExpatParser):  # type: ignore[misc]
    """defusedxml's expat driver (entities and external references refused, internal DTD
    allowed), with the element callbacks wired straight to :class:`_Builder`."""

    def __init__(self, builder: _Builder | _NullBuilder) -> None:
        super().__init__(forbid_dtd=False, forbid_entities=True, forbid_external=True)
        self.builder = builder
        self.setFeature(feature_string_interning, True)

    def reset(self) -> None:
        super().reset()
        p = self._parser
        p.StartElementHandler = self.builder.start
        p.EndElementHandler = self.builder.end
        p.CharacterDataHandler = None
        p.ProcessingInstructionHandler = None
        p.StartNamespaceDeclHandler = None
        p.EndNamespaceDeclHandler = None

    @property
    def error_byte(self) -> int:
        return int(getattr(self._parser, "ErrorByteIndex", -1))

    @property
    def event_byte(self) -> int:
        """Where expat reported its last element (outside a callback it stays there)."""
        return int(getattr(self._parser, "CurrentByteIndex", -1))


_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0D))
"""C0 control characters XML 1.0 forbids; some iOS exports contain U+000B in metadata values.
(UTF-8 multi-byte sequences never contain bytes below 0x80, so deleting them is safe.)"""
MAX_PROLOG = 4 * 1024 * 1024


def _read_prolog(fh: IO[bytes], head: bytes) -> bytes:
    """Extend ``head`` until it holds the whole internal DTD subset (Apple's is ~10-20 KB)."""
    start = head.find(b"<!DOCTYPE")
    if start < 0:
        return head
    while head.find(b"]>", start) < 0 and len(head) < MAX_PROLOG:
        more = fh.read(CHUNK)
        if not more:
            break
        head += more
    return head


def _repair_prolog(chunk: bytes) -> tuple[bytes, str | None]:
    """Blank out Apple's internal DTD subset when it is malformed (iOS 16, "HealthKit Export
    Version: 12": the ATTLIST of VisionPrescription is never closed) so that the data still reads.

    Only a subset that declares no entity is touched: one with ``<!ENTITY`` goes to the
    parser unchanged and is refused there.  Line numbers are kept (newlines stay).
    """
    start = chunk.find(b"<!DOCTYPE")
    if start < 0 or start > 4096:
        return chunk, None
    open_ = chunk.find(b"[", start)
    end = chunk.find(b"]>", start)
    if open_ < 0 or end < 0 or open_ > end:
        return chunk, None
    subset = chunk[open_ + 1 : end]
    if b"<!ENTITY" in subset:
        return chunk, None
    probe = _Parser(_NullBuilder())
    try:
        probe.feed(chunk[: end + 2] + b"<HealthData/>")
        probe.close()
        return chunk, None
    except SAXParseException:
        pass
    except (DefusedXmlException, LookupError):  # LookupError: an unknown encoding, which the parse then names
        return chunk, None
    blank = b"\n" * subset.count(b"\n")
    return (
        chunk[: open_ + 1] + blank + chunk[end:],
        "Apple's DTD at the top of export.xml is malformed (a known iOS 16 export defect); it was ignored",
    )


class _NullBuilder:
    """Element callbacks that do nothing (for checking a prolog)."""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        pass

    def end(self, name: str) -> None:
        pass


def _describe_xml_error(name: str, exc: SAXParseException, window: bytes, window_start: int, error_byte: int) -> str:
    line, col = exc.getLineNumber(), exc.getColumnNumber()
    message = exc.getMessage()
    pos = error_byte - window_start
    if 0 <= pos < len(window):
        snippet = window[max(0, pos - 4) : pos + 8]
        try:
            window[max(0, pos - 3) : pos + 4].decode("utf-8")
            bad_utf8 = False
        except UnicodeDecodeError:
            bad_utf8 = any(b >= 0x80 for b in snippet)
        if bad_utf8:
            return f"{name}: export.xml is not valid UTF-8 (bad byte sequence at line {line}, column {col})"
    if "truncated" in message or "no element found" in message or "unclosed token" in message:
        return f"{name}: export.xml ends early (truncated at line {line}, column {col}: {message})"
    return f"{name}: export.xml is not well-formed XML (line {line}, column {col}: {message})"


def _describe_entity_error(name: str, exc: EntitiesForbidden | ExternalReferenceForbidden) -> str:
    system_id = getattr(exc, "sysid", None) or getattr(exc, "system_id", None)
    entity = getattr(exc, "name", None)
    if system_id or isinstance(exc, ExternalReferenceForbidden):
        what = f"external entity {entity!r}" if entity else "external DTD or entity"
        return (
            f"{name}: export.xml refers to an {what} ({system_id}); "
            "refused: reading it could leak local files (XXE). Apple exports never contain one"
        )
    return (
        f"{name}: export.xml declares the XML entity {entity!r}; refused: entity expansion "
        '("billion laughs") protection. Apple exports never declare entities'
    )


def parse_xml(export: _Export, builder: _Builder, context: ImportContext) -> Iterator[Record | Samples]:
    """Feed export.xml to expat a chunk at a time, yielding the records of each chunk before the next is read."""
    parser = _Parser(builder)
    total = export.size
    done = 0  # bytes of export.xml read (progress)
    fed = 0  # bytes given to expat (after control characters are removed)
    out = builder.out
    try:
        fh = export.open_xml()
    except (zipfile.BadZipFile, zlib.error, OSError) as exc:
        raise ConnectorError(f"{export.name}: cannot open export.xml ({exc})") from exc
    first = True
    with fh:
        while True:
            if context.is_cancelled():
                return
            try:
                raw = fh.read(CHUNK)
                if first:
                    raw = _read_prolog(fh, raw)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise ConnectorError(f"{export.name}: the zip is damaged or truncated ({exc})") from exc
            done += len(raw)
            chunk = raw.translate(None, _CONTROL_BYTES)
            if len(chunk) != len(raw):
                builder.pending_warnings.append(
                    f"{len(raw) - len(chunk)} control character(s) that XML does not allow were removed "
                    "from export.xml here (a known defect of some iOS exports)"
                )
            if first:
                first = False
                chunk, note = _repair_prolog(chunk)
                if note:
                    builder.pending_warnings.append(note)
            try:
                if chunk:
                    parser.feed(chunk)
                else:
                    parser.close()
            except SAXParseException as exc:
                raise ConnectorError(_describe_xml_error(export.name, exc, chunk, fed, parser.error_byte)) from None
            except (EntitiesForbidden, ExternalReferenceForbidden) as exc:
                raise ConnectorError(_describe_entity_error(export.name, exc)) from None
            except (DTDForbidden, DefusedXmlException) as exc:
                raise ConnectorError(f"{export.name}: refused unsafe XML ({exc})") from None
            except LookupError as exc:  # <?xml ... encoding="NaN"?>: Python has no such codec
                raise ConnectorError(
                    f"{export.name}: the XML declares an encoding Python does not know ({exc})"
                ) from None
            fed += len(chunk)
            if chunk and fed - max(parser.event_byte, 0) > MAX_TAG_BYTES:  # expat holds an unfinished tag
                raise ConnectorError(
                    f"{export.name}: more than {MAX_TAG_BYTES // 1024**2} MB without an element ending "
                    "(one tag or attribute that long is the limit); not an export as the Health app writes it"
                )
            builder.flush()
            if out:
                yield from out
                out.clear()
            context.progress(done, total)
            if not chunk:
                break
    if not builder.seen_root:
        raise ConnectorError(f"{export.name}: not an Apple Health export (no <HealthData> element)")
    builder.flush()
    yield from out
    out.clear()
