"""What every account archive connector shares: open the zip (checked), route each entry to the connector that
reads that kind of file, read the routed entries one after the other, and say which parts were not read.

An account archive is a zip of many files of many kinds (Google Takeout, an X archive, Meta's "Download your
information").  :class:`ArchiveConnector` keeps the connectors of the single files as they are and hands each
entry to one of them, by id, as a :class:`~wallet.imports.archive.MemberSource`: the entry is inflated as it is
read, nothing is unpacked to disk.  The part connectors are found by id in the registry, as
:attr:`ImportContext.delegate <wallet.imports.connector.ImportContext.delegate>` finds them, but each is given
a context of this connector's making (the import's options, cache, cancel flag and delegate, with a progress
callback that maps the part's progress into one bar over the whole archive), which the pipeline's delegate
cannot give.

* The zip is a :class:`~wallet.imports.archive.CheckedZip`: an entry that leaves the archive's folder, an
  encrypted entry, one that expands like a zip bomb, or a total over ``max_uncompressed_bytes`` refuses the
  whole archive, in one line, before anything is read.
* Each entry is routed by its path and its first bytes (the routed connector's own ``identify``).
* Records keep the part connector's content; their provenance names this connector (the import is of the
  archive), ``source_name`` the archive and the entry (``takeout.zip/Takeout/Fit/...``), ``source_sha256``
  the archive's, and ``connector_version`` which connector read the entry (``1/google_fit_takeout:1``).
  Samples (:class:`~wallet.samples.Samples`) name the part's connector instead: a series is one person's
  kind, source, unit and connector, so the same samples read loose later are the same series (not added again).
* An entry its connector refuses (cut short, wrong shape) is one skipped line; the rest is read.  An archive
  from which nothing at all can be read is refused.
* Progress is one bar over all routed entries (their uncompressed bytes); cancelling stops at the next
  record, inside an entry or between two.
* Every part (a product folder) of which nothing, or not everything, is read is one skipped line naming it
  and saying what is left (``Takeout/Google Photos: not read (1,204 files: .jpg, .json)``); these come first,
  so that a cancelled import still says them.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from abc import abstractmethod
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, cast

from wallet.errors import ConnectorError
from wallet.imports import registry
from wallet.imports.archive import CheckedZip, FolderArchive, FolderSource, MemberSource, safe_member
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Record, SkippedItem
from wallet.samples import Samples

ZIP_MAGIC = b"PK\x03\x04"
MAX_UNCOMPRESSED = 256 * 1024**3
"""Default cap on what the whole archive declares it expands to (option ``max_uncompressed_bytes``): a Takeout
with photos runs to tens of gigabytes, of which only the parts routed to a connector are ever inflated."""
ZIP_ERRORS: tuple[type[BaseException], ...] = (zipfile.BadZipFile, zlib.error, EOFError)
_SKIP_PREFIXES = ("__MACOSX/",)


@dataclass
class Part:
    """One part of an archive (a product folder): which of its files are read, by which connector, and the rest."""

    name: str
    read: Counter[str] = field(default_factory=Counter)
    """Files read, by connector id."""
    not_read: Counter[str] = field(default_factory=Counter)
    """Files not read, by what they are (an extension, or a reason)."""

    def line(self) -> str | None:
        """The skipped line for what of this part is not read (None when everything is)."""
        left = sum(self.not_read.values())
        if not left:
            return None
        kinds = ", ".join(k for k, _ in self.not_read.most_common(4))
        files = f"{left:,} file{'s' if left != 1 else ''}"
        if self.read:
            return f"{files} of this part not read ({kinds})"
        return f"not read ({files}: {kinds})"

    def summary(self) -> str:
        """The part in one line: what is read, by which connector, and what is not."""
        said = [f"{n:,} by {cid}" for cid, n in sorted(self.read.items())]
        text = f"{self.name}: read {', '.join(said)}" if said else f"{self.name}: nothing read"
        line = self.line()
        return f"{text}; {line}" if line and said else (f"{self.name}: {line}" if line else text)


@dataclass(frozen=True)
class Routed:
    """One entry to read: where it is, its part and the id of the connector that reads it."""

    info: zipfile.ZipInfo
    member: str
    """Its path in the archive."""
    part: str
    connector_id: str

    @property
    def name(self) -> str:
        """Its file name (``heart_rate-2024-03-09.json``)."""
        return posixpath.basename(self.member)


@dataclass
class Plan:
    """The archive's entries to read (each with its connector id), and every part with its counts.

    Only the entries' places are kept (a :class:`MemberSource` is made for each as it is read, and let go
    after), so a Takeout of thousands of files holds none of their bytes."""

    routed: list[Routed] = field(default_factory=list)
    """In archive order."""
    parts: dict[str, Part] = field(default_factory=dict)

    def part(self, name: str) -> Part:
        """The part of that name, created on first use."""
        return self.parts.setdefault(name, Part(name))


def _kind_of(member: str) -> str:
    ext = posixpath.splitext(member)[1].lower()
    return ext or "no extension"


class ArchiveConnector(Connector):
    """Base of the connectors of whole account archives (a zip of many files): see the module."""

    extensions = (".zip",)
    layout: ClassVar[str]
    """What the archive is, in words (``a Google Takeout archive``)."""
    again: ClassVar[str] = "download the archive again without a password"
    hint: ClassVar[str] = ""
    file_name: ClassVar[re.Pattern[str]]
    """How the service names the zip (``takeout-20240309T101500Z-001.zip``)."""
    """Said after "nothing ... the wallet reads" (which choice of the download gives files it reads)."""

    # ------------------------------------------------------------------ what a subclass says

    @abstractmethod
    def recognise(self, names: list[str]) -> bool:
        """Whether these entry names (files only) are this archive's layout."""

    def recognise_folder(self, names: list[str]) -> bool:
        """Whether a folder handed in, whose files are named from its parent, *is* this archive unpacked (not a
        folder that holds one among other files, which are then imported file by file)."""
        return self.recognise(names)

    @abstractmethod
    def part_of(self, member: str) -> str:
        """The part (product folder) an entry belongs to."""

    @abstractmethod
    def candidates(self, member: str) -> tuple[str, ...]:
        """The connector ids that may read this entry, in order (each one's ``identify`` decides)."""

    def ignored(self, member: str) -> bool:
        """An entry that is neither read nor worth a line: the archive's own index page, a file a part's
        connector reads beside its data (Fitbit's Profile.csv)."""
        return False

    def refine(self, plan: Plan) -> None:
        """Change the plan once every entry is routed (its order, entries another one already covers)."""

    def entry_options(self, entry: Routed) -> dict[str, Any]:
        """Options for reading this entry, on top of the import's (what earlier entries showed)."""
        return {}

    def observe(self, entry: Routed, record: Record | Samples) -> None:
        """See each record or batch of samples read (to tell later entries what is already read)."""

    # ------------------------------------------------------------------ the Connector contract

    def identify(self, source: Source) -> bool:
        """A zip (``.zip``) whose entry names have this archive's layout; only the zip's directory is read.
        A zip named as the service names its downloads is claimed too (its directory cut short, or holding
        another layout: Meta's HTML format), so that reading it says what is wrong with it."""
        if isinstance(source, FolderSource):  # the unpacked archive, handed in as a folder
            try:
                return self.recognise_folder([i.filename for i in source.entries])
            except Exception:
                return False
        try:
            if source.suffix != ".zip" or not source.head.startswith(ZIP_MAGIC):
                return False
        except Exception:
            return False
        try:
            with source.open() as fh, zipfile.ZipFile(fh) as zf:
                names = [i.filename for i in zf.infolist() if not i.is_dir()]
        except Exception:
            return self.file_name.match(source.name) is not None
        return self.recognise(names) or self.file_name.match(source.name) is not None

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | Samples | SkippedItem]:
        """The Connector contract: every entry this archive's connectors read, part by part (see the module)."""
        try:
            cap = int(context.options.get("max_uncompressed_bytes") or MAX_UNCOMPRESSED)
        except (TypeError, ValueError):
            raise ConnectorError(f"{source.name}: max_uncompressed_bytes must be a number of bytes") from None
        archive: CheckedZip | FolderArchive
        if isinstance(source, FolderSource):
            archive = FolderArchive(source)
        else:
            archive = CheckedZip(source, cap, again=self.again)
        try:
            names = [i.filename for i in archive.infos if not i.is_dir()]
            folder = isinstance(source, FolderSource)
            if not (self.recognise_folder(names) if folder else self.recognise(names)):
                raise ConnectorError(
                    f"{source.name}: its folders are not laid out as in the {self.layout}; nothing was read{self.hint}"
                )
            plan = self.plan(archive)
            if not plan.routed:
                listed = "; ".join(sorted(plan.parts)[:8]) or "no files"
                raise ConnectorError(
                    f"{source.name}: nothing in this {self.layout} is a kind the wallet reads ({listed}){self.hint}"
                )
            for name in sorted(plan.parts):
                line = plan.parts[name].line()
                if line:
                    yield SkippedItem(where=name, reason=line)
            yield from self._read_plan(source, archive, plan, context)
        finally:
            archive.close()

    # ------------------------------------------------------------------ the work

    def plan(self, archive: CheckedZip | FolderArchive) -> Plan:
        """Route every file entry of ``archive`` (see :meth:`candidates`); the rest is counted per part."""
        plan = Plan()
        classes = registry.connectors()
        for info in archive.infos:
            if info.is_dir() or info.filename.startswith(_SKIP_PREFIXES):
                continue
            member = safe_member(info.filename) or info.filename
            if self.ignored(member):
                continue
            part = plan.part(self.part_of(member))
            chosen = None
            if info.file_size > 0:
                source = MemberSource(archive, info)
                for cid in self.candidates(member):
                    cls = classes.get(cid)
                    if cls is not None and cls().identify(source):
                        chosen = cid
                        break
            if chosen is None:
                part.not_read[_kind_of(member)] += 1
                continue
            plan.routed.append(Routed(info, member, part.name, chosen))
            part.read[chosen] += 1
        self.refine(plan)
        return plan

    def _read_plan(
        self, source: Source, archive: CheckedZip | FolderArchive, plan: Plan, context: ImportContext
    ) -> Iterator[Record | Samples | SkippedItem]:
        total = sum(entry.info.file_size for entry in plan.routed) or None
        done = 0
        shown = 0
        produced = 0
        problems: list[str] = []
        classes = registry.connectors()
        archive_sha = source.sha256
        readers: dict[str, Connector] = {}
        for entry in plan.routed:
            if context.is_cancelled():
                return
            member, cid = MemberSource(archive, entry.info), entry.connector_id
            size = member.size

            def progress(part_done: int, part_total: int | None, before: int = done, size: int = size) -> None:
                nonlocal shown
                frac = min(max(part_done / part_total, 0.0), 1.0) if part_total else 0.0
                now = before + int(frac * size)
                if now > shown:
                    shown = now
                    context.progress(now, total)

            child = ImportContext(
                progress=progress,
                is_cancelled=context.is_cancelled,
                options={**context.options, **self.entry_options(entry)},
                cache=context.cache,
                delegate=context.delegate,
            )
            if cid not in readers:
                readers[cid] = self._part_connector(classes[cid], archive_sha)
            connector = readers[cid]
            try:
                for item in connector.read(member, child):
                    if isinstance(item, SkippedItem):
                        item = SkippedItem(where=f"{member.member}: {item.where}", reason=item.reason)
                    else:
                        produced += 1
                        if isinstance(item, Samples):  # a series is the part connector's, as read loose
                            item.provenance = item.provenance.model_copy(update={"connector_id": cid})
                        self.observe(entry, item)
                    yield item
                    if context.is_cancelled():  # whether or not the part's connector polls the flag itself
                        return
            except ConnectorError as exc:
                problems.append(str(exc))
                yield SkippedItem(where=member.member, reason=f"{exc} (the rest of the archive is read)")
            except ZIP_ERRORS as exc:
                problems.append(f"{member.location}: damaged in the zip ({exc})")
                yield SkippedItem(where=member.member, reason=f"damaged in the zip ({exc}); the rest is read")
            except OSError as exc:  # a file of an unpacked folder that went away or cannot be read
                problems.append(f"{member.location}: cannot be read ({exc.strerror or exc})")
                yield SkippedItem(
                    where=member.member, reason=f"cannot be read ({exc.strerror or exc}); the rest is read"
                )
            done += size
            if done > shown:
                shown = done
                context.progress(done, total)
        if not produced and not context.is_cancelled():
            if problems:
                raise ConnectorError(problems[0])
            raise ConnectorError(f"{source.name}: no records in the parts of this {self.layout} the wallet reads")

    def _part_connector(self, cls: type[Connector], archive_sha: str) -> Connector:
        """An instance of ``cls`` whose records' provenance names this connector, the archive and the entry."""
        outer_id, outer_version = self.id, self.version

        def provenance(self: Connector, source: Source, original_id: str | None = None, **extra: Any) -> dict[str, Any]:
            return {
                "connector_id": outer_id,
                "connector_version": f"{outer_version}/{cls.id}:{cls.version}",
                "source_name": source.location if isinstance(source, MemberSource) else source.name,
                "source_sha256": archive_sha,
                "original_id": original_id,
                **extra,
            }

        made = cast(type[Connector], type(f"{cls.__name__}InArchive", (cls,), {"provenance": provenance}))
        return made()
