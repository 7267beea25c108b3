"""The vault's key file: a random data key, wrapped twice.

* The **data key** (256 random bits) opens the SQLCipher database as a raw key.
* It is stored wrapped with AES-256-GCM under a key derived from the
  passphrase with Argon2id, and wrapped a second time under the **recovery
  key** shown once at creation.
* Changing the passphrase rewraps the data key only, so it is instant.

The key file holds no secret in the clear: salts, Argon2 parameters, nonces and
ciphertexts.  It is written atomically (temp file, fsync, rename).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from wallet.errors import KeyFileDamaged, VaultError, WeakKeyParameters, WrongPassphrase
from wallet.store.files import atomic_write

KEY_FILE_FORMAT = 1
PAGE_SIZES = frozenset(2**n for n in range(9, 17))
NEW_VAULT_PAGE_SIZE = 16384
"""Pages of 16 KB for new vaults: fewer pages to encrypt and authenticate per byte written
(a million-record import wrote 12% less and ran about 8% faster than with 4 KB pages)."""
# Recovery keys: 32 random bytes shown as 8 groups of base32 letters.
KEY_FILE_MAX_BYTES = 64 * 1024
"""A key file is under 1 KB; anything this large is not one (and is not read into memory)."""
SALT_BYTES = 16
NONCE_BYTES = 12
WRAPPED_KEY_BYTES = 32 + 16  # the 256-bit data key and the GCM tag
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters.  ``memory_kib`` in KiB."""

    time_cost: int
    memory_kib: int
    parallelism: int

    # OWASP's minimum for Argon2id: m=19 MiB, t=2, p=1.  Anything below is refused.
    @classmethod
    def floor(cls) -> KdfParams:
        """The weakest parameters accepted (OWASP's minimum for Argon2id)."""
        return cls(time_cost=2, memory_kib=19 * 1024, parallelism=1)

    def check(self) -> None:
        """WeakKeyParameters for parameters below the floor or absurdly high: the key file may be tampered with."""
        f = self.floor()
        if self.time_cost < f.time_cost or self.memory_kib < f.memory_kib or self.parallelism < 1:
            raise WeakKeyParameters(
                "the vault's key file asks for key-derivation parameters below the safe minimum; "
                "it may have been tampered with"
            )
        # Above these, deriving would exhaust memory or take minutes: not something we write.
        if self.time_cost > 64 or self.memory_kib > 4 * 1024 * 1024 or self.parallelism > 16:
            raise KeyFileDamaged(
                "the vault's key file asks for key-derivation parameters this program never writes; "
                "it may have been tampered with"
            )

    @classmethod
    def calibrate(cls, target_seconds: float = 0.75, memory_kib: int = 128 * 1024) -> KdfParams:
        """Pick a time cost so deriving takes about ``target_seconds`` here (0.5-1 s)."""
        parallelism = max(1, min(4, os.cpu_count() or 1))
        probe = cls(time_cost=2, memory_kib=memory_kib, parallelism=parallelism)
        per_pass = max(_timed(probe) / probe.time_cost, 1e-3)
        time_cost = max(2, min(40, round(target_seconds / per_pass)))
        return cls(time_cost, memory_kib, parallelism)


def _timed(params: KdfParams) -> float:
    start = time.perf_counter()
    derive_key(b"calibration", secrets.token_bytes(16), params)
    return time.perf_counter() - start


def derive_key(passphrase: bytes, salt: bytes, params: KdfParams) -> bytes:
    """The 32-byte key Argon2id derives from the passphrase (slow on purpose)."""
    return hash_secret_raw(
        passphrase,
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_recovery_key() -> str:
    """A random recovery key (200 bits), as eight groups of five base32 letters and digits."""
    raw = secrets.token_bytes(25)  # 200 bits -> 40 base32 characters
    bits = int.from_bytes(raw, "big")
    chars = []
    for _ in range(40):
        chars.append(_RECOVERY_ALPHABET[bits & 31])
        bits >>= 5
    text = "".join(chars)
    return "-".join(text[i : i + 5] for i in range(0, 40, 5))


def _normalise_recovery(recovery_key: str) -> bytes:
    cleaned = "".join(ch for ch in recovery_key.upper() if ch.isalnum())
    return cleaned.encode("ascii", errors="replace")


def _recovery_kek(recovery_key: str, salt: bytes) -> bytes:
    # The recovery key carries 200 random bits: a fast KDF is enough.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"mydata-wallet recovery").derive(
        _normalise_recovery(recovery_key)
    )


def _wrap(kek: bytes, data_key: bytes, aad: bytes) -> dict[str, str]:
    nonce = secrets.token_bytes(12)
    return {"nonce": _b64(nonce), "ct": _b64(AESGCM(kek).encrypt(nonce, data_key, aad))}


def _unwrap(kek: bytes, blob: dict[str, str], aad: bytes) -> bytes | None:
    try:
        return AESGCM(kek).decrypt(_unb64(blob["nonce"]), _unb64(blob["ct"]), aad)
    except InvalidTag:
        return None


def _checksum(data: dict[str, Any]) -> str:
    """SHA-256 of the key file's fields (all but the checksum), in a canonical JSON form.

    It tells accidental damage (a flipped byte in a wrapped key) from a wrong passphrase,
    which AES-GCM alone cannot: both fail the same tag check.  It is no protection against
    tampering (anyone can recompute it); the wraps' associated data is.
    """
    fields = {k: v for k, v in data.items() if k != "checksum"}
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _b64_field(value: Any, what: str, length: int) -> bytes:
    """A base64 field of exactly ``length`` bytes, or KeyFileDamaged naming the field."""
    if not isinstance(value, str):
        raise KeyFileDamaged(f"the vault's key file is damaged: {what} is not text")
    try:
        raw = _unb64(value)
    except (ValueError, UnicodeEncodeError):
        raise KeyFileDamaged(f"the vault's key file is damaged: {what} is not valid base64") from None
    if len(raw) != length:
        raise KeyFileDamaged(f"the vault's key file is damaged: {what} is {len(raw)} bytes, not {length}")
    return raw


def _wrap_field(value: Any, what: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise KeyFileDamaged(f"the vault's key file is damaged: {what} is not an object")
    _b64_field(value.get("nonce"), f"{what} nonce", NONCE_BYTES)
    _b64_field(value.get("ct"), f"{what} ciphertext", WRAPPED_KEY_BYTES)
    return {"nonce": value["nonce"], "ct": value["ct"]}


def _int_field(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise KeyFileDamaged(f"the vault's key file is damaged: {what} is not a whole number")
    return value


@dataclass
class KeyFile:
    """The parsed key file.  ``remembered`` only says whether to try the OS keyring."""

    vault_id: str
    kdf: KdfParams
    salt: bytes
    passphrase_wrap: dict[str, str]
    recovery_salt: bytes
    recovery_wrap: dict[str, str]
    remembered: bool = False
    db_page_size: int = 4096
    """SQLCipher's page size, which must be given before the database can be read (vaults made
    before it was recorded use SQLCipher's default, 4096)."""
    checksum_ok: bool | None = None
    """Whether the file's checksum matched when it was read (None: a file from before checksums).
    A wrap that does not open then means a damaged file, not a wrong passphrase."""

    def _aad(self, purpose: str) -> bytes:
        # The passphrase wrap also authenticates the KDF parameters and salt, so an edited
        # key file reads as tampered, never as a mistyped passphrase.
        extra = ""
        if purpose == "pass":
            k = self.kdf
            extra = f":argon2id:{k.time_cost}:{k.memory_kib}:{k.parallelism}:{_b64(self.salt)}"
        return f"mydata-wallet:{KEY_FILE_FORMAT}:{self.vault_id}:{purpose}{extra}".encode()

    @classmethod
    def create(cls, vault_id: str, passphrase: str, data_key: bytes, kdf: KdfParams) -> tuple[KeyFile, str]:
        """A new key file wrapping ``data_key``; returns it and the recovery key to show once."""
        kdf.check()
        recovery = new_recovery_key()
        kf = cls(vault_id, kdf, secrets.token_bytes(16), {}, secrets.token_bytes(16), {})
        kf.passphrase_wrap = _wrap(derive_key(passphrase.encode("utf-8"), kf.salt, kdf), data_key, kf._aad("pass"))
        kf.recovery_wrap = _wrap(_recovery_kek(recovery, kf.recovery_salt), data_key, kf._aad("recovery"))
        return kf, recovery

    def unlock(self, passphrase: str) -> bytes:
        """The data key, unwrapped with the passphrase; WrongPassphrase, or KeyFileDamaged when the file is."""
        self.kdf.check()
        key = _unwrap(
            derive_key(passphrase.encode("utf-8"), self.salt, self.kdf), self.passphrase_wrap, self._aad("pass")
        )
        if key is None:
            self._damaged_or_not()
            raise WrongPassphrase()
        return key

    def unlock_with_recovery(self, recovery_key: str) -> bytes:
        """The data key, unwrapped with the recovery key; WrongPassphrase, or KeyFileDamaged when the file is."""
        key = _unwrap(_recovery_kek(recovery_key, self.recovery_salt), self.recovery_wrap, self._aad("recovery"))
        if key is None:
            self._damaged_or_not()
            raise WrongPassphrase("wrong recovery key")
        return key

    def _damaged_or_not(self) -> None:
        """A wrap did not open: if the file fails its checksum, that is why, whatever was typed."""
        if self.checksum_ok is False:
            raise KeyFileDamaged(
                "the vault's key file is damaged: its checksum does not match its contents, so it cannot tell "
                "whether the passphrase is right; restore vault.key from a backup"
            )

    def rewrap(self, data_key: bytes, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        """Wrap ``data_key`` under a new passphrase (fresh salt).  The database is untouched."""
        if kdf is not None:
            kdf.check()
            self.kdf = kdf
        self.salt = secrets.token_bytes(16)
        kek = derive_key(new_passphrase.encode("utf-8"), self.salt, self.kdf)
        self.passphrase_wrap = _wrap(kek, data_key, self._aad("pass"))

    def to_json(self) -> dict[str, Any]:
        """The key file as JSON-ready fields, with the checksum that tells damage from a wrong passphrase."""
        data = self._fields()
        data["checksum"] = _checksum(data)
        return data

    def _fields(self) -> dict[str, Any]:
        return {
            "format": KEY_FILE_FORMAT,
            "vault_id": self.vault_id,
            "cipher": "AES-256-GCM",
            "kdf": {"alg": "argon2id", **asdict(self.kdf), "salt": _b64(self.salt)},
            "passphrase": self.passphrase_wrap,
            "recovery": {"kdf": "hkdf-sha256", "salt": _b64(self.recovery_salt), **self.recovery_wrap},
            "remembered": self.remembered,
            "database": {"page_size": self.db_page_size},
        }

    @classmethod
    def from_json(cls, data: Any) -> KeyFile:
        """The key file from its parsed JSON; any malformed part is :class:`KeyFileDamaged`, naming it."""
        if not isinstance(data, dict):
            raise KeyFileDamaged("the vault's key file is damaged: it is not a JSON object")
        try:
            if data["format"] != KEY_FILE_FORMAT:
                raise KeyFileDamaged(
                    f"the key file has format {str(data['format'])[:20]!r}, which this version cannot read"
                )
            kdf = data["kdf"]
            if kdf["alg"] != "argon2id":
                raise KeyFileDamaged("the key file names an unknown key-derivation function")
            rec = data["recovery"]
            database = data.get("database", {})
            if not isinstance(database, dict):
                raise KeyFileDamaged("the vault's key file is damaged: 'database' is not an object")
            page_size = database.get("page_size", 4096)
            if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size not in PAGE_SIZES:
                shown = str(page_size)[:20]
                raise KeyFileDamaged(f"the key file names a database page size SQLCipher cannot use ({shown})")
            if not isinstance(rec, dict):
                raise KeyFileDamaged("the vault's key file is damaged: 'recovery' is not an object")
            checksum = data.get("checksum")
            return cls(
                vault_id=str(data["vault_id"]),
                kdf=KdfParams(
                    _int_field(kdf["time_cost"], "time_cost"),
                    _int_field(kdf["memory_kib"], "memory_kib"),
                    _int_field(kdf["parallelism"], "parallelism"),
                ),
                salt=_b64_field(kdf["salt"], "the passphrase salt", SALT_BYTES),
                passphrase_wrap=_wrap_field(data["passphrase"], "the passphrase wrap"),
                recovery_salt=_b64_field(rec["salt"], "the recovery salt", SALT_BYTES),
                recovery_wrap=_wrap_field(rec, "the recovery wrap"),
                remembered=bool(data.get("remembered", False)),
                db_page_size=page_size,
                checksum_ok=None if checksum is None else checksum == _checksum(data),
            )
        except KeyError as exc:
            raise KeyFileDamaged(f"the vault's key file is damaged: the field {exc} is missing") from None
        except (TypeError, ValueError, OverflowError, RecursionError) as exc:
            raise KeyFileDamaged(f"the vault's key file is damaged ({type(exc).__name__})") from None

    def save(self, path: Path) -> None:
        """Write the key file atomically, so a crash leaves the old one or the new one, never half."""
        atomic_write(path, json.dumps(self.to_json(), indent=2).encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        """Read and check a key file; FileNotFoundError when absent, KeyFileDamaged when unreadable or malformed."""
        try:
            with path.open("rb") as fh:
                raw = fh.read(KEY_FILE_MAX_BYTES + 1)
        except FileNotFoundError:
            raise
        except IsADirectoryError:
            raise KeyFileDamaged(f"the vault's key file {path} is a folder, not a file") from None
        except OSError as exc:
            raise VaultError(f"cannot read the vault's key file {path}: {exc.strerror or exc}") from exc
        if len(raw) > KEY_FILE_MAX_BYTES:
            raise KeyFileDamaged(
                f"the vault's key file is damaged: it is larger than {KEY_FILE_MAX_BYTES // 1024} KB "
                "(a key file is under 1 KB)"
            )
        try:
            data = json.loads(raw)
        except RecursionError:
            raise KeyFileDamaged("the vault's key file is damaged: it nests too deeply to be a key file") from None
        except ValueError as exc:  # not JSON, or not UTF-8
            raise KeyFileDamaged(f"the vault's key file is damaged: it is not valid JSON ({exc})") from None
        return cls.from_json(data)
