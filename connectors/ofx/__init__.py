"""OFX / QFX bank, credit-card and investment statements.

Reads OFX 1.x (SGML) and OFX 2.x (XML), and Quicken's QFX (OFX plus a few
``INTU.*`` tags).  The header is read here, leniently, because real files lie
about their character set; the body is then cleaned (comments, processing
instructions, self-closed tags, lower-case tag names) and handed to the
tag-soup parser of `ofxtools <https://ofxtools.readthedocs.io>`_
(:class:`ofxtools.Parser.TreeBuilder`), which copes with SGML's unclosed
elements.  ofxtools' strict model conversion is *not* used: it refuses most
real files (non-standard tags, over-long bank ids, empty elements), so the
records are taken from the element tree directly.

Records (all :attr:`~wallet.model.Domain.FINANCE`):

* ``transaction``: a bank or credit-card ``STMTTRN`` (also ``INVBANKTRAN``);
* ``investment_transaction``: ``BUYMF``, ``SELLSTOCK``, ``INCOME``, ``REINVEST`` ...;
* ``position``: a holding of an investment statement (``INVPOSLIST``);
* ``balance``: ``LEDGERBAL``, ``AVAILBAL`` and the cash balances of ``INVBAL``;
* ``account``: an entry of an account list (``ACCTINFO``), when the file holds
  no statement.

Dates: the OFX specification (section 3.2.8.2) says a date-time without a
``[offset:zone]`` suffix is in GMT, so such values are read as UTC (ofxtools
does the same).  When an offset is given it is kept as the record's time zone
(``20190918100000[-03:EST]`` -> ``2019-09-18T10:00:00-03:00``; the numeric
offset wins over the zone name).  A date without time is 00:00 UTC.

Identity: a transaction's ``FITID`` is its id.  Where the FITID is empty or
repeated inside one account, a synthetic id is used instead: a hash of account,
date, amount, name, memo and the occurrence index of that combination in the
file.  The payload holds only what the statement says about the transaction
and its account, so importing the same statement (or an overlapping one) again
gives the same content hashes and adds nothing.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from wallet.errors import ConnectorError, ReadAnyway, validation_problems
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, canonical_json

MAX_BYTES = 2 * 1024 * 1024
"""About 18,000 transactions.  A statement is parsed whole and checked before any of it is
imported, about 60 times its size in memory: 2 MB keeps an import under wallet.limits.MEMORY_BOUND_MB."""
MAX_DEPTH = 64
"""Real OFX nests about a dozen levels; deeper input is refused (it would exhaust recursion)."""

_V1_HEADER = re.compile(rb"\A\s*OFXHEADER\s*:\s*\d+", re.IGNORECASE)
_V2_PI = re.compile(rb"<\?OFX\s+([^?]*)\?>", re.IGNORECASE)
_XML_DECL = re.compile(rb"\A\s*<\?xml[^>]*\?>", re.IGNORECASE)
_OFX_START = re.compile(rb"<OFX>", re.IGNORECASE)
# A name starts where a run of letters starts: without the look-behind, a long run of letters with no
# ':' after it was tried from every one of its positions (quadratic: 70,000 letters took a second).
_HEADER_FIELD = re.compile(r"(?<![A-Z])([A-Z]+)\s*:\s*([^\s<]*)", re.IGNORECASE)
_PI_ATTR = re.compile(r"(?<![A-Z])([A-Z]+)\s*=\s*\"([^\"]*)\"", re.IGNORECASE)

_CHARSETS = {
    "1252": "cp1252",
    "CP1252": "cp1252",
    "WINDOWS-1252": "cp1252",
    "ISO-8859-1": "cp1252",  # cp1252 is the superset banks actually mean
    "8859-1": "cp1252",
    "LATIN1": "cp1252",
    "UTF-8": "utf-8",
    "UTF8": "utf-8",
    "949": "cp949",
    "CP949": "cp949",
    "MS949": "cp949",
    "UHC": "cp949",
    "EUC-KR": "cp949",  # cp949 is the superset Korean software writes
    "EUCKR": "cp949",
    "KS_C_5601-1987": "cp949",
}

_DATE = re.compile(
    r"""^(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})
        (?:(?P<h>\d{2})(?P<mi>\d{2})(?:(?P<s>\d{2})(?:[.:](?P<frac>\d{1,6}))?)?)?
        \s*(?:\[\s*(?P<off>[+-]?\d{1,2}(?:[.:]\d{1,2})?)?\s*(?::\s*(?P<tz>[A-Za-z]*))?\s*\])?$""",
    re.VERBOSE,
)
_TZ_NAMES = {"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "GMT": 0, "UTC": 0}

_ENTITY = re.compile(r"&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}

_STATEMENTS = {"STMTRS": "bank", "CCSTMTRS": "creditcard", "INVSTMTRS": "investment"}
_ACCOUNT_TAGS = ("BANKACCTFROM", "CCACCTFROM", "INVACCTFROM")
_BALANCES = {"LEDGERBAL": "ledger", "AVAILBAL": "available"}
_INVBAL_FIELDS = {"AVAILCASH": "available cash", "MARGINBALANCE": "margin balance", "SHORTBALANCE": "short balance"}


class OfxFormatError(ConnectorError):
    """The file is not OFX, or its OFX cannot be read."""


# --------------------------------------------------------------------------- text


def _unescape(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in _NAMED:
            return _NAMED[name]
        try:
            code = int(name[2:], 16) if name.startswith("#x") else int(name[1:])
            return chr(code)
        except (ValueError, OverflowError):
            return m.group(0)

    return _ENTITY.sub(repl, text)


def _korean(body: bytes) -> str | None:
    """The body read as CP949 (EUC-KR's superset) when that is what it is, as the bank CSV connector decides:
    the bytes decode strictly, and at least 80% of the characters beyond ASCII are Hangul."""
    try:
        text = body.decode("cp949")
    except UnicodeDecodeError:
        return None
    beyond = [c for c in text if ord(c) > 127]
    hangul = sum(1 for c in beyond if "\uac00" <= c <= "\ud7a3" or "\u3131" <= c <= "\u318e")
    return text if hangul >= 2 and hangul >= 0.8 * len(beyond) else None


def _decode(body: bytes, declared: str | None, name: str, warnings: list[str]) -> str:
    """Decode the body, trusting the bytes over the header when they disagree."""
    if body.isascii():
        return body.decode("ascii")
    codec = _CHARSETS.get((declared or "").upper().strip())
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if codec != "utf-8":
            warnings.append(f"the header declares charset {declared or 'none'} but the text is UTF-8; read as UTF-8")
        return text
    # A header that says UTF-8 (or US-ASCII, or a Western code page) over Korean bytes: Korean
    # banking software writes CP949 whatever its boilerplate header says.
    korean = _korean(body)
    if korean is not None:
        if codec != "cp949":
            warnings.append(
                f"the header declares charset {declared or 'none'} but the text is Korean CP949 (EUC-KR); read as CP949"
            )
        return korean
    if codec == "cp949":
        warnings.append(f"the header declares charset {declared} but the text is not valid CP949; read as Windows-1252")
    elif codec == "utf-8":
        warnings.append("the header declares UTF-8 but the text is not; read as Windows-1252")
    elif codec is None:
        warnings.append(f"unknown or missing charset {declared!r}; read as Windows-1252")
    try:
        return body.decode("cp1252")
    except UnicodeDecodeError:
        return body.decode("latin-1")


def _read_header(raw: bytes, name: str, allow_headerless: bool, warnings: list[str]) -> tuple[dict[str, str], bytes]:
    """Return the header fields (``VERSION``, ``CHARSET`` ...) and the body from ``<OFX>`` on."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        raise OfxFormatError(f"{name}: the file is empty")
    start = _OFX_START.search(raw)
    prologue = raw[: start.start()] if start else raw[:4096]
    header: dict[str, str] = {}
    if _V1_HEADER.match(prologue):
        text = prologue.decode("ascii", errors="replace")
        header = {k.upper(): v for k, v in _HEADER_FIELD.findall(text)}
    else:
        pi = _V2_PI.search(prologue)
        if pi:
            header = {k.upper(): v for k, v in _PI_ATTR.findall(pi.group(1).decode("ascii", errors="replace"))}
            header.setdefault("CHARSET", "UTF-8")
        elif _XML_DECL.match(prologue) and start:
            warnings.append("XML declaration without the <?OFX ...?> header; read as OFX 2")
            header = {"VERSION": "200", "CHARSET": "UTF-8"}
        elif start and allow_headerless and not prologue.strip():
            warnings.append("no OFX header; read as OFX 1 (SGML) because the allow_headerless option is set")
            header = {"VERSION": "100"}
        elif start and not prologue.strip():
            raise OfxFormatError(
                f"{name}: no OFX header: the file starts directly with <OFX> instead of 'OFXHEADER:100' or "
                "'<?OFX ...?>', so its version and character set are unknown; the file may have been cut or "
                "edited",
                hint=ReadAnyway("allow_headerless"),
            )
        else:
            raise OfxFormatError(
                f"{name}: not an OFX file: it has no OFX header ('OFXHEADER:100' or '<?OFX ...?>') and no <OFX> element"
            )
    if start is None:
        raise OfxFormatError(f"{name}: the OFX header is there but the <OFX> element is missing (file cut short?)")
    return header, raw[start.start() :]


def _clean(text: str, name: str) -> str:
    """Make the tag soup digestible for ofxtools' parser."""
    # an unclosed comment, instruction or CDATA runs to the end (linear time on hostile input)
    text = re.sub(r"<!--.*?(?:-->|\Z)", "", text, flags=re.DOTALL)
    text = re.sub(r"<\?.*?(?:\?>|\Z)", "", text, flags=re.DOTALL)
    text = re.sub(
        r"<!\[CDATA\[(.*?)(?:\]\]>|\Z)",
        lambda m: m.group(1).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
        text,
        flags=re.DOTALL,
    )
    # <TAG/> or <TAG /> -> empty element
    text = re.sub(r"<([A-Za-z0-9._]+)\s*/>", r"<\1></\1>", text)
    # tag names are upper-case in OFX; some producers write them otherwise
    text = re.sub(r"<(/?)([A-Za-z][A-Za-z0-9._]*)\s*>", lambda m: f"<{m.group(1)}{m.group(2).upper()}>", text)
    end = text.upper().rfind("</OFX>")
    if end < 0:
        raise OfxFormatError(f"{name}: the file ends before </OFX>: it was cut short, its statement may be incomplete")
    return text[: end + len("</OFX>")]


def _tree_builder() -> Any:
    """An ofxtools TreeBuilder that closes tags left open, as SGML allows."""
    from ofxtools.Parser import ParseError, TreeBuilder

    class Lenient(TreeBuilder):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []
            self.stray: list[str] = []

        def start(self, tag: str, attrs: dict[str, str]) -> Any:
            if len(self.stack) >= MAX_DEPTH:
                raise ParseError(f"elements nested more than {MAX_DEPTH} deep")
            self.stack.append(tag)
            return super().start(tag, attrs)

        def end(self, tag: str) -> Any:
            if tag not in self.stack:
                self.stray.append(tag)
                return None
            elem = None
            while self.stack:
                open_tag = self.stack.pop()
                elem = super().end(open_tag)
                if open_tag == tag:
                    break
            return elem

        def close(self) -> Any:
            while self.stack:
                super().end(self.stack.pop())
            return super().close()

    return Lenient()


def _parse(text: str, name: str, warnings: list[str]) -> ET.Element:
    from ofxtools.Parser import ParseError

    builder = _tree_builder()
    try:
        builder.feed(text)
        root = builder.close()
    except ParseError as exc:
        raise OfxFormatError(f"{name}: the OFX markup is broken: {str(exc).splitlines()[0][:200]}") from exc
    except Exception as exc:  # the parser's internals: any failure means unreadable markup
        raise OfxFormatError(f"{name}: the OFX markup cannot be read ({type(exc).__name__})") from exc
    if builder.stray:
        warnings.append(f"ignored closing tags without an opening tag: {', '.join(sorted(set(builder.stray)))}")
    if not isinstance(root, ET.Element) or root.tag != "OFX":
        raise OfxFormatError(f"{name}: the file has no <OFX> element at its root")
    return root


# --------------------------------------------------------------------------- values


def _text(elem: ET.Element | None, path: str) -> str | None:
    if elem is None:
        return None
    found = elem.find(path)
    if found is None or len(found):
        return None
    value = _unescape(found.text or "").strip()
    return value or None


def _flat(elem: ET.Element) -> dict[str, Any]:
    """An aggregate as a plain dict (lower-case keys; repeated tags become lists; empty values left out)."""
    out: dict[str, Any] = {}
    for child in elem:
        key = child.tag.lower()
        value: Any = _flat(child) if len(child) else _unescape(child.text or "").strip()
        if value in ("", {}):
            continue
        if key in out:
            if not isinstance(out[key], list):
                out[key] = [out[key]]
            out[key].append(value)
        else:
            out[key] = value
    return out


def ofx_date_only(value: str | None) -> bool:
    """True for an OFX date without a time of day (``20190311``, ``20190311[+9:KST]``)."""
    m = _DATE.match(value.strip()) if value else None
    return m is not None and m["h"] is None


def parse_ofx_datetime(value: str) -> datetime:
    """An OFX date-time as an aware datetime (no zone -> UTC, as the OFX spec says)."""
    m = _DATE.match(value.strip())
    if not m:
        raise ValueError(f"{value!r} is not an OFX date")
    g = m.groupdict()
    frac = (g["frac"] or "0")[:6].ljust(6, "0")
    offset = timedelta(0)
    if g["off"]:
        sign = -1 if g["off"].startswith("-") else 1
        parts = re.split(r"[.:]", g["off"].lstrip("+-"))
        hours = int(parts[0])
        minutes = 0
        if len(parts) > 1:
            minutes = int(parts[1]) if len(parts[1]) == 2 else int(float("0." + parts[1]) * 60)
        offset = sign * timedelta(hours=hours, minutes=minutes)
    elif g["tz"] and g["tz"].upper() in _TZ_NAMES:
        offset = timedelta(hours=_TZ_NAMES[g["tz"].upper()])
    if abs(offset) >= timedelta(hours=24):
        raise ValueError(f"{value!r} has an impossible time-zone offset")
    return datetime(
        int(g["y"]),
        int(g["mo"]),
        int(g["d"]),
        int(g["h"] or 0),
        int(g["mi"] or 0),
        int(g["s"] or 0),
        int(frac),
        tzinfo=timezone(offset),
    )


def parse_ofx_amount(value: str) -> Decimal:
    """An OFX amount (period or comma as radix point, optional sign)."""
    text = value.strip().replace(" ", "")
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", text):
        raise ValueError(f"{value!r} is not an amount")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards
        raise ValueError(f"{value!r} is not an amount") from exc


def _scalar(value: Any) -> str | None:
    """A hashable stand-in for a value that is normally text (odd files make it a list or dict)."""
    return value if value is None or isinstance(value, str) else canonical_json(value)


def _amount_str(amount: Decimal) -> str:
    return format(amount, "f")


# --------------------------------------------------------------------------- connector


class OfxConnector(Connector):
    """Bank, credit-card and investment statements in OFX 1.x/2.x or QFX (Quicken Web Connect)."""

    id = "ofx"
    name = "OFX / QFX bank statement"
    version = "1"
    domains = (Domain.FINANCE,)
    accepts = "OFX 1.x (SGML) and 2.x (XML) or QFX statements: bank, credit card, investment"
    extensions = (".ofx", ".qfx", ".qbo")
    max_size = MAX_BYTES  # refused by its size before it is hashed or read

    def identify(self, source: Source) -> bool:
        """An OFX header anywhere near the start, or an ``<OFX>`` tag in a .ofx/.qfx/.qbo file."""
        head = source.head[:8192]
        if head.startswith(b"\xef\xbb\xbf"):
            head = head[3:]
        stripped = head.lstrip()
        if _V1_HEADER.match(stripped) or (
            (stripped.startswith(b"<?") or stripped.startswith(b"<OFX")) and _V2_PI.search(head)
        ):
            return True
        return source.suffix in self.extensions and bool(re.match(rb"<OFX>", stripped, re.IGNORECASE))

    def read(self, source: Source, context: ImportContext) -> Iterator[Record]:
        """The Connector contract: an OFX file's transactions, balances and accounts, read and parsed whole."""
        raw = source.read_bytes(limit=MAX_BYTES)
        warnings: list[str] = []
        allow = str(context.options.get("allow_headerless", "")).lower() in ("1", "true", "yes")
        header, body = _read_header(raw, source.name, allow, warnings)
        charset = header.get("CHARSET") or header.get("ENCODING")
        text = _clean(_decode(body, charset, source.name, warnings), source.name)
        root = _parse(text, source.name, warnings)
        records = _Extractor(self, source, root, warnings).run()
        if warnings and records:
            records[0].provenance.warnings.extend(warnings)
        context.progress(len(raw), len(raw))
        yield from records


class _Extractor:
    def __init__(self, connector: OfxConnector, source: Source, root: ET.Element, warnings: list[str]) -> None:
        self.connector = connector
        self.source = source
        self.root = root
        self.warnings = warnings
        self.records: list[Record] = []
        self.securities: dict[str, dict[str, Any]] = {}

    # ---- helpers

    def fail(self, message: str) -> OfxFormatError:
        return OfxFormatError(f"{self.source.name}: {message}")

    def date(self, value: str | None, what: str, required: bool = True, tag: str = "") -> datetime | None:
        if value is None:
            if required:
                raise self.fail(f"{what} has no date" + (f" ({tag})" if tag else ""))
            return None
        try:
            return parse_ofx_datetime(value)
        except ValueError as exc:
            raise self.fail(
                f"{what} has an invalid date {value!r} (expected YYYYMMDD[HHMMSS][.XXX][[offset:TZ]])"
            ) from exc

    def amount(self, value: str | None, what: str) -> Decimal:
        if value is None:
            raise self.fail(f"{what} has no amount (TRNAMT)")
        try:
            return parse_ofx_amount(value)
        except ValueError as exc:
            raise self.fail(f"{what} has an invalid amount {value!r} (expected a number such as -12.34)") from exc

    def record(
        self,
        *,
        kind: str,
        title: str,
        start: datetime | None,
        value: Decimal | None,
        unit: str | None,
        payload: dict[str, Any],
        original_id: str | None,
        text: str | None = None,
        date_only: bool = False,
    ) -> None:
        try:
            record = Record(
                domain=Domain.FINANCE,
                kind=kind,
                title=title[:500],
                start=start,
                date_only=date_only,
                value=float(value) if value is not None else None,
                unit=unit,
                text=text,
                payload=payload,
                provenance=Provenance(**self.connector.provenance(self.source, original_id)),
            )
        except ValidationError as exc:
            problems = "; ".join(validation_problems(exc, limit=1))
            raise self.fail(f"a {kind} record could not be built ({problems})") from exc
        self.records.append(record)

    @staticmethod
    def account_label(account: dict[str, Any]) -> str:
        acct = account.get("acctid", "")
        acct = str(acct[0] if isinstance(acct, list) and acct else acct)
        kind = str(account.get("accttype", "")).lower()
        tail = f"…{acct[-4:]}" if acct else ""
        return " ".join(p for p in (kind, tail) if p) or "account"

    # ---- main walk

    def run(self) -> list[Record]:
        self.check_signon()
        for sec in self.root.iter("SECINFO"):
            uid = _text(sec, "SECID/UNIQUEID")
            if uid:
                self.securities[uid] = {"name": _text(sec, "SECNAME"), "ticker": _text(sec, "TICKER")}
        statements = [e for e in self.root.iter() if e.tag in _STATEMENTS]
        for stmt in statements:
            self.statement(stmt, _STATEMENTS[stmt.tag])
        if not statements:
            errors = self.status_errors()
            if errors:
                raise self.fail(f"the bank sent an error instead of a statement: {errors[0]}")
            for info in self.root.iter("ACCTINFO"):
                self.account_info(info)
        if not self.records:
            raise self.fail("this OFX file holds no statement, transaction, balance or account list")
        return self.records

    def check_signon(self) -> None:
        status = self.root.find("SIGNONMSGSRSV1/SONRS/STATUS")
        code = _text(status, "CODE")
        if code not in (None, "0") and (_text(status, "SEVERITY") or "ERROR").upper() == "ERROR":
            message = _text(status, "MESSAGE") or "no message"
            raise self.fail(f"the bank refused the sign-on (OFX status {code}: {message}); this file holds no data")

    def status_errors(self) -> list[str]:
        out = []
        for wrapper in self.root.iter():
            if not wrapper.tag.endswith("TRNRS"):
                continue
            status = wrapper.find("STATUS")
            code = _text(status, "CODE")
            if code not in (None, "0"):
                out.append(f"OFX status {code}: {_text(status, 'MESSAGE') or 'no message'}")
        return out

    def statement(self, stmt: ET.Element, kind: str) -> None:
        currency = _text(stmt, "CURDEF")
        account: dict[str, Any] = {}
        for tag in _ACCOUNT_TAGS:
            found = stmt.find(tag)
            if found is not None:
                account = _flat(found)
                break
        if currency is None:
            self.warnings.append(f"statement for {self.account_label(account)} has no currency (CURDEF)")
        base = {"account": account, "curdef": currency, "statement": kind}
        if kind == "investment":
            self.investment(stmt, base)
        else:
            self.bank_transactions(stmt.findall("BANKTRANLIST/STMTTRN"), base)
        for tag, bal_kind in _BALANCES.items():
            bal = stmt.find(tag)
            if bal is not None:
                self.balance(bal, bal_kind, base)

    # ---- bank / credit card

    def bank_transactions(self, trns: list[ET.Element], base: dict[str, Any]) -> None:
        currency = base["curdef"]
        fitids = Counter(_text(t, "FITID") for t in trns)
        seen: Counter[tuple[Any, ...]] = Counter()
        for n, trn in enumerate(trns, 1):
            if not len(trn):
                self.warnings.append(f"a STMTTRN without any fields ({(trn.text or '').strip()[:40]!r}) was skipped")
                continue
            fields = _flat(trn)
            fitid = _text(trn, "FITID")
            what = f"transaction {fitid or f'#{n}'}" + (
                f" of account {self.account_label(base['account'])}" if base["account"] else ""
            )
            start = self.date(_text(trn, "DTPOSTED"), what, tag="DTPOSTED")
            amount = self.amount(_text(trn, "TRNAMT"), what)
            name = _text(trn, "NAME") or _text(trn, "PAYEE/NAME")
            memo = _text(trn, "MEMO")
            key = (_scalar(base["account"].get("acctid")), _text(trn, "DTPOSTED"), _amount_str(amount), name, memo)
            occurrence = seen[key]
            seen[key] += 1
            if fitid and fitids[fitid] == 1:
                uid = fitid
            else:
                uid = "syn:" + hashlib.sha256(canonical_json([*key, occurrence]).encode()).hexdigest()[:32]
            unit = _text(trn, "CURRENCY/CURSYM") or _text(trn, "ORIGCURRENCY/CURSYM") or currency
            trntype = (_text(trn, "TRNTYPE") or "").upper() or None
            payload = {
                **fields,
                **base,
                "id": uid,
                "trntype": trntype,
                "amount": _amount_str(amount),
            }
            title = name or memo or (trntype.title() if trntype else "Transaction")
            text = "\n".join(p for p in (name, memo) if p and p != title) or None
            self.record(
                kind="transaction",
                title=title,
                start=start,
                value=amount,
                unit=unit,
                payload=payload,
                original_id=uid,
                text=text,
                date_only=ofx_date_only(_text(trn, "DTPOSTED")),
            )

    def balance(self, bal: ET.Element, bal_kind: str, base: dict[str, Any]) -> None:
        label = f"{bal_kind.title()} balance"
        if base["account"]:
            label += f", {self.account_label(base['account'])}"
        raw = _text(bal, "BALAMT")
        if raw is None:
            self.warnings.append(f"{label}: empty BALAMT, balance skipped")
            return
        amount = self.amount(raw, label)
        start = self.date(_text(bal, "DTASOF"), label, required=False)
        payload = {**_flat(bal), **base, "balance_type": bal_kind, "amount": _amount_str(amount)}
        self.record(
            kind="balance",
            title=label,
            start=start,
            value=amount,
            unit=base["curdef"],
            payload=payload,
            original_id=None,
            date_only=ofx_date_only(_text(bal, "DTASOF")),
        )

    # ---- investment

    def security(self, elem: ET.Element) -> dict[str, Any]:
        uid = _text(elem, ".//SECID/UNIQUEID")
        info = self.securities.get(uid or "", {})
        return {"uniqueid": uid, "name": info.get("name"), "ticker": info.get("ticker")}

    def investment(self, stmt: ET.Element, base: dict[str, Any]) -> None:
        currency = base["curdef"]
        tranlist = stmt.find("INVTRANLIST")
        inv_trns = list(tranlist) if tranlist is not None else []
        bank = [t.find("STMTTRN") for t in inv_trns if t.tag == "INVBANKTRAN"]
        self.bank_transactions([b for b in bank if b is not None], base)
        seen: Counter[tuple[Any, ...]] = Counter()
        for n, trn in enumerate(inv_trns, 1):
            if trn.tag in ("INVBANKTRAN", "DTSTART", "DTEND") or not len(trn):
                continue
            fitid = _text(trn, ".//INVTRAN/FITID")
            what = f"{trn.tag} {fitid or f'#{n}'}"
            start = self.date(_text(trn, ".//INVTRAN/DTTRADE"), what, tag="DTTRADE")
            total_raw = _text(trn, ".//TOTAL")
            total = self.amount(total_raw, what) if total_raw is not None else None
            sec = self.security(trn)
            memo = _text(trn, ".//INVTRAN/MEMO")
            key = (
                _scalar(base["account"].get("acctid")),
                trn.tag,
                _text(trn, ".//INVTRAN/DTTRADE"),
                total_raw,
                sec["uniqueid"],
                memo,
                _text(trn, ".//UNITS"),
            )
            occurrence = seen[key]
            seen[key] += 1
            uid = (
                fitid
                if fitid
                else "syn:" + hashlib.sha256(canonical_json([*key, occurrence]).encode()).hexdigest()[:32]
            )
            secname = sec["name"] or sec["ticker"] or sec["uniqueid"]
            title = " ".join(p for p in (trn.tag, secname) if p)
            payload = {**_flat(trn), **base, "type": trn.tag, "id": uid, "security": sec}
            if total is not None:
                payload["amount"] = _amount_str(total)
            self.record(
                kind="investment_transaction",
                title=title,
                start=start,
                value=total,
                unit=currency,
                payload=payload,
                original_id=uid,
                text=memo,
                date_only=ofx_date_only(_text(trn, ".//INVTRAN/DTTRADE")),
            )
        asof = self.date(_text(stmt, "DTASOF"), "investment statement", required=False)
        poslist = stmt.find("INVPOSLIST")
        for pos in list(poslist) if poslist is not None else []:
            sec = self.security(pos)
            what = f"position {sec['uniqueid'] or pos.tag}"
            mktval_raw = _text(pos, ".//MKTVAL")
            mktval = self.amount(mktval_raw, what) if mktval_raw is not None else None
            when = self.date(_text(pos, ".//DTPRICEASOF"), what, required=False) or asof
            payload = {**_flat(pos), **base, "type": pos.tag, "security": sec}
            title = sec["name"] or sec["ticker"] or sec["uniqueid"] or pos.tag
            self.record(
                kind="position",
                title=title,
                start=when,
                value=mktval,
                unit=currency,
                payload=payload,
                original_id=None,
                date_only=ofx_date_only(_text(pos, ".//DTPRICEASOF") or _text(stmt, "DTASOF")),
            )
        invbal = stmt.find("INVBAL")
        if invbal is not None:
            for tag, label in _INVBAL_FIELDS.items():
                raw = _text(invbal, tag)
                if raw is None:
                    continue
                amount = self.amount(raw, label)
                payload = {**base, "balance_type": tag.lower(), "amount": _amount_str(amount)}
                self.record(
                    kind="balance",
                    title=label.capitalize(),
                    start=asof,
                    value=amount,
                    unit=currency,
                    payload=payload,
                    original_id=None,
                    date_only=ofx_date_only(_text(stmt, "DTASOF")),
                )

    # ---- account list

    def account_info(self, info: ET.Element) -> None:
        fields = _flat(info)
        desc = _text(info, "DESC")
        account: dict[str, Any] = {}
        for tag in _ACCOUNT_TAGS:
            found = info.find(f".//{tag}")
            if found is not None:
                account = _flat(found)
        title = desc or self.account_label(account)
        acctid = next((t for tag in _ACCOUNT_TAGS if (t := _text(info, f".//{tag}/ACCTID"))), None)
        self.record(
            kind="account",
            title=title,
            start=None,
            value=None,
            unit=None,
            payload={**fields, "account": account},
            original_id=acctid,
        )
