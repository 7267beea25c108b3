"""Backup targets: where backups go, kept inside the encrypted vault with their secrets.

A target is a named rclone remote: its backend (``local`` for a folder or USB disk, ``webdav``
for Nextcloud and the like, ``sftp``, ``s3``, or any other rclone backend), the folder on it, its
settings (``url``, ``host``, ``user``, ``endpoint`` ...) and its secrets (passwords, secret keys).
All of it is stored in the vault's encrypted ``kv`` table (key ``backup-target:<name>``): never
in a plaintext file, and it travels with the vault's backups, so a restored vault knows its targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wallet.errors import BackupError, NotFound
from wallet.features.backup.rclone import Remote, backends, password_options
from wallet.store.vault import Vault

KV_PREFIX = "backup-target:"
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")
KIND_ALIASES = {"folder": "local", "disk": "local", "nextcloud": "webdav"}
"""Everyday words for rclone's backend names."""


@dataclass(frozen=True)
class Target:
    """A place backups go: ``kind`` is the rclone backend, ``path`` the folder on it."""

    name: str
    kind: str
    path: str
    options: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict, repr=False)

    def remote(self) -> Remote:
        """The target as rclone sees it."""
        return Remote(self.name, self.kind, self.path, dict(self.options), dict(self.secrets))

    def describe(self) -> str:
        """``webdav http://127.0.0.1:8080 backups/wallet (user=bob; pass set)``: no secret shown."""
        where = self.options.get("url") or self.options.get("host") or self.options.get("endpoint") or ""
        shown = [f"{k}={v}" for k, v in sorted(self.options.items()) if k not in ("url", "host", "endpoint")]
        shown += [f"{k} set" for k in sorted(self.secrets)]
        parts = [self.kind, where, self.path or "(top folder)"]
        text = " ".join(p for p in parts if p)
        return f"{text} ({'; '.join(shown)})" if shown else text

    def to_json(self) -> dict[str, Any]:
        """What the vault stores for the target."""
        return {"kind": self.kind, "path": self.path, "options": self.options, "secrets": self.secrets}

    @classmethod
    def from_json(cls, name: str, data: dict[str, Any]) -> Target:
        """The target stored as ``data`` under ``name``."""
        return cls(
            name=name,
            kind=str(data["kind"]),
            path=str(data.get("path", "")),
            options={str(k): str(v) for k, v in (data.get("options") or {}).items()},
            secrets={str(k): str(v) for k, v in (data.get("secrets") or {}).items()},
        )


def make_target(
    name: str, kind: str, path: str, options: dict[str, str] | None = None, secrets: dict[str, str] | None = None
) -> Target:
    """A checked target: a valid name, a backend rclone has, settings that backend knows.

    A password given among the plain ``options`` is refused: it belongs in ``secrets`` (typed
    hidden, never on a command line).  A ``local`` target's path becomes an absolute folder.
    """
    if not NAME_RE.fullmatch(name):
        raise BackupError(f"{name!r} cannot name a backup target: use letters, digits, '-', '_' or '.' (40 at most)")
    kind = KIND_ALIASES.get(kind.lower(), kind.lower())
    known = backends()
    if kind not in known:
        raise BackupError(f"rclone knows no storage type {kind!r} (some it knows: local, webdav, sftp, s3, drive)")
    options = dict(options or {})
    secrets = {k: v for k, v in (secrets or {}).items() if v}
    allowed = set(known[kind]["options"])
    unknown = sorted(k for k in (*options, *secrets) if k not in allowed)
    if unknown:
        raise BackupError(f"the storage type {kind} has no setting {', '.join(unknown)}")
    hidden = sorted(password_options(kind) & set(options))
    if hidden:
        raise BackupError(f"{', '.join(hidden)} is a password: give it as a secret, not as a plain setting")
    if kind == "local":
        if not path:
            raise BackupError("a folder target needs the folder")
        path = str(Path(path).expanduser().resolve())
    return Target(name, kind, path.strip(), options, secrets)


def save_target(vault: Vault, target: Target, *, replace: bool = False) -> None:
    """Keep ``target`` in the vault; BackupError when one of that name exists and ``replace`` is not given."""
    key = KV_PREFIX + target.name
    if not replace and vault.cache_get(key) is not None:
        raise BackupError(f"a backup target named {target.name} exists already")
    vault.cache_set(key, target.to_json())
    vault.audit("backup.target", {"target": target.name, "kind": target.kind})


def load_target(vault: Vault, name: str) -> Target:
    """The target named ``name``; NotFound when the vault has none of that name."""
    data = vault.cache_get(KV_PREFIX + name)
    if not isinstance(data, dict):
        names = ", ".join(t.name for t in list_targets(vault)) or "none yet"
        raise NotFound(f"no backup target named {name!r} (targets: {names})")
    return Target.from_json(name, data)


def list_targets(vault: Vault) -> list[Target]:
    """Every backup target of the vault, by name."""
    out = []
    for key in vault.cache_keys(KV_PREFIX):
        data = vault.cache_get(key)
        if isinstance(data, dict):
            out.append(Target.from_json(key[len(KV_PREFIX) :], data))
    return out


def remove_target(vault: Vault, name: str) -> None:
    """Forget the target ``name`` (its backups stay where they are)."""
    load_target(vault, name)
    vault.cache_delete(KV_PREFIX + name)
    vault.audit("backup.target-removed", {"target": name})
