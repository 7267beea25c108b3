"""The ZIP container of a share bundle, written byte for byte the same way every time.

A bundle is a plain ZIP (PKWARE APPNOTE 6.3) with every member STORED (no
compression), no extra fields, no comments, no data descriptors, UTF-8 names
(flag bit 11), time stamps fixed at 1980-01-01 00:00 and Unix mode 0644.
Because the layout is fixed, the verifier can rebuild the container from its
members and compare it with the file: a change to any byte of the ZIP
structure that carries no data (a time stamp, an attribute) is detected too,
not only changes to the members (those are covered by the signed hashes).

Any standard ZIP library reads these files.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

MAX_MEMBER = 1 << 31
DOS_TIME = 0
DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
FLAGS = 0x0800
VERSION = 20
MADE_BY = (3 << 8) | VERSION  # Unix, 2.0
EXTERNAL = (0o100644 << 16) & 0xFFFFFFFF


class ContainerError(Exception):
    """The ZIP container cannot be read; the message says where."""


@dataclass(frozen=True)
class Member:
    """One file of the bundle's ZIP: its name inside the ZIP and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Region:
    """A byte range of the ZIP (``start`` inclusive, ``end`` exclusive) and what it holds, in words."""

    start: int
    end: int
    label: str


# One part of a member name: ASCII letters, digits, '.', '_' and '-' only (what the wallet writes).
# No spaces, controls, escape sequences, bidi overrides or look-alike letters can reach a reader's
# terminal or file manager through a member name.
SAFE_PART = re.compile(r"[A-Za-z0-9._-]{1,200}")
MAX_NAME = 1000


def safe_name(name: str) -> bool:
    """True for a member name made of safe parts separated by '/': no absolute path, no '.' or '..'."""
    if not name or len(name) > MAX_NAME:
        return False
    return all(SAFE_PART.fullmatch(p) and p not in (".", "..") for p in name.split("/"))


def write_zip(members: list[Member]) -> tuple[bytes, list[Region]]:
    """The canonical ZIP for ``members`` (in order) and a map of its byte regions."""
    out = bytearray()
    central = bytearray()
    regions: list[Region] = []
    for m in members:
        if not safe_name(m.name):
            raise ContainerError(f"unsafe member name {m.name!r}")
        if len(m.data) >= MAX_MEMBER:
            raise ContainerError(f"{m.name} is too large for a share bundle")
        name = m.name.encode("utf-8")
        crc = zlib.crc32(m.data) & 0xFFFFFFFF
        offset = len(out)
        header = struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            VERSION,
            FLAGS,
            0,
            DOS_TIME,
            DOS_DATE,
            crc,
            len(m.data),
            len(m.data),
            len(name),
            0,
        )
        out += header + name
        regions.append(Region(offset, len(out), f"the ZIP header of {m.name}"))
        out += m.data
        regions.append(Region(len(out) - len(m.data), len(out), m.name))
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                MADE_BY,
                VERSION,
                FLAGS,
                0,
                DOS_TIME,
                DOS_DATE,
                crc,
                len(m.data),
                len(m.data),
                len(name),
                0,
                0,
                0,
                0,
                EXTERNAL,
                offset,
            )
            + name
        )
    cd_start = len(out)
    cd_regions_start = cd_start
    out += central
    regions.append(Region(cd_regions_start, len(out), "the ZIP central directory"))
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), cd_start, 0)
    regions.append(Region(len(out), len(out) + len(end), "the ZIP end record"))
    out += end
    return bytes(out), regions


def read_zip(data: bytes) -> list[Member]:
    """The members of a ZIP, in central-directory order.  Raises ContainerError naming the problem."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, struct.error) as exc:
        raise ContainerError(f"the ZIP container is damaged: {exc}") from exc
    members: list[Member] = []
    seen: set[str] = set()
    with zf:
        for info in zf.infolist():
            name = info.filename
            if name in seen:
                raise ContainerError(f"the ZIP holds {name} twice")
            seen.add(name)
            if not safe_name(name) or info.is_dir():
                raise ContainerError(
                    f"the ZIP holds a member with an unsafe name: {name!r} (allowed: letters A-Z a-z, digits, '.',"
                    " '_', '-' and '/' between parts)"
                )
            if info.compress_type != zipfile.ZIP_STORED:
                raise ContainerError(f"{name} is compressed; share bundles store members uncompressed")
            if info.flag_bits & 0x1:
                raise ContainerError(f"{name} is ZIP-encrypted; share bundles are not")
            if info.file_size >= MAX_MEMBER:
                raise ContainerError(f"{name} is too large")
            try:
                members.append(Member(name, zf.read(info)))
            except (zipfile.BadZipFile, OSError, ValueError, struct.error, EOFError) as exc:
                raise ContainerError(f"{name}: cannot be read from the ZIP ({exc})") from exc
    return members


def locate(regions: list[Region], offset: int) -> str:
    """What the byte at ``offset`` belongs to, in words, for saying where a bundle was changed."""
    for region in regions:
        if region.start <= offset < region.end:
            return region.label
    return "bytes after the end of the ZIP"
