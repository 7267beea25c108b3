"""The printout as a disclosure: prepare, show, approve, then write and audit.

The CLI and the desktop dialog both call :func:`prepare` to get exactly what
will be printed, show it, let the person leave items out, and only after the
person approved call :func:`export` (a PDF file) or :func:`record_printed`
(sent to a printer).  Nothing is written before approval, and the audit log
gets counts only, never a value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wallet.errors import WalletError
from wallet.features.emergency import pdf as pdfmod
from wallet.features.emergency import shc as shcmod
from wallet.features.emergency.content import EmergencySummary, gather
from wallet.features.emergency.labels import Lang, term
from wallet.store.files import write_out

if TYPE_CHECKING:
    from wallet.store.vault import Vault

APPROVE_WORD = "approve"


class UnknownItem(WalletError):
    """An item id given to leave out is not in the summary."""


@dataclass
class Prepared:
    """What will be printed: the summary (items left out already removed) and the rendered PDF."""

    summary: EmergencySummary
    fmt: pdfmod.Format
    lang: Lang
    rendered: pdfmod.Rendered
    with_shc: bool
    shc_left_out: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def pdf(self) -> bytes:
        """The rendered PDF file, as bytes to write or print."""
        return self.rendered.data

    def audit_detail(self, output: str) -> dict[str, Any]:
        """What the audit log says of this printout, written to ``output``: counts and format, never a medical value."""
        detail = self.summary.audit_detail()
        detail.update(
            {
                "format": self.fmt,
                "lang": self.lang,
                "output": output,
                "shc": self.rendered.shc_jws is not None,
                "qr_bytes": len(self.rendered.plain_text.encode("utf-8")),
            }
        )
        return detail


def prepare(
    vault: Vault,
    person_id: str | None = None,
    *,
    exclude: Iterable[str] = (),
    lang: Lang = "ko",
    fmt: pdfmod.Format = "a4",
    with_shc: bool = False,
    summary: EmergencySummary | None = None,
) -> Prepared:
    """Gather (unless ``summary`` is given), leave out ``exclude``, render.  Writes nothing."""
    full = summary if summary is not None else gather(vault, person_id)
    wanted = [e for e in exclude if e]
    try:
        chosen = full.without(wanted) if wanted else full
    except KeyError as exc:
        raise UnknownItem(
            f"no item {exc.args[0]} in this emergency record (the ids are shown in brackets in the preview)"
        ) from None
    notes: list[str] = []
    jws = None
    left_out = 0
    beside: list[str] = []
    paper_note = None
    if with_shc:
        card = shcmod.holder_card(vault, chosen)
        jws = card.jws
        left_out = card.left_out
        if card.note:
            paper_note = term("shc_missing", "en") + card.note
            notes.append(paper_note)
        else:
            beside = shcmod.beside_lines(card, lang)
            if left_out:
                notes.append(
                    f"SMART Health Card: {left_out} item(s) did not fit one QR code and are only on the paper "
                    f"({shcmod.left_out_words(card.left_out_items)}) / "
                    f"SMART Health Card에 들어가지 못한 {left_out}개 항목은 종이에만 있습니다"
                )
            if not card.published:
                notes.append(
                    "SMART Health Card: your key is not published, so a verifier needs your public key file "
                    "to check it (see Publishing your issuer key in the emergency printout guide)"
                )
    rendered = pdfmod.render(chosen, fmt, lang, shc_jws=jws, shc_note=paper_note, shc_beside=beside)
    return Prepared(chosen, fmt, lang, rendered, with_shc, left_out, notes)


def export(vault: Vault, prepared: Prepared, out: str | Path) -> Path:
    """Write the approved PDF atomically, recording the disclosure in the audit log in the same step.

    An existing file at ``out`` is replaced (the app's save dialog has asked; the CLI's ``--out``
    names the file to write).  The entry leaves the path out: a file name can name the person.
    """
    return write_out(
        vault,
        out,
        prepared.pdf,
        action="emergency.print",
        detail=prepared.audit_detail("pdf"),
        overwrite=True,
        record_path=False,
    )


def record_printed(vault: Vault, prepared: Prepared) -> None:
    """Record in the audit log that the approved summary was sent to a printer."""
    vault.audit("emergency.print", prepared.audit_detail("printer"))


def record_cancelled(vault: Vault, prepared: Prepared | None, where: str) -> None:
    """Record that a printout was offered and not approved (counts only)."""
    detail: dict[str, Any] = {"where": where}
    if prepared is not None:
        detail["items"] = len(prepared.summary.items)
        detail["excluded"] = len(prepared.summary.excluded)
    vault.audit("emergency.cancel", detail)
