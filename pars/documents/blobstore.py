"""Encrypted, content-addressed storage of received documents (Django-free).

Bytes are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from the
``cryptography`` package) before they touch the disk, and written atomically
(temporary file, fsync, rename) so a crash never leaves half a document.
The key comes from ``PARS_STORAGE_KEY`` (or ``_FILE``) or is generated once
into the data folder with mode 600; losing it loses the documents, so the
operations guide tells you to back it up separately from the data.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from pars.config import env_str


class BlobStoreError(RuntimeError):
    """A stored document is missing or cannot be decrypted with the configured key."""


def storage_key(folder: Path) -> bytes:
    configured = env_str("PARS_STORAGE_KEY")
    if configured:
        return configured.encode("ascii")
    key_file = folder / "storage_key"
    if key_file.exists():
        return key_file.read_bytes().strip()
    folder.mkdir(parents=True, exist_ok=True)
    key = Fernet.generate_key()
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key


class EncryptedBlobStore:
    """Stores bytes under their SHA-256, encrypted; identical bytes are stored once."""

    def __init__(self, root: Path, key: bytes, *, fsync: bool = True) -> None:
        self.root = root
        self._fernet = Fernet(key)
        # fsync makes a receipt mean "on disk"; bulk loads of synthetic data may turn it off.
        self._fsync = fsync

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self._path(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        token = self._fernet.encrypt(data)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(token)
                if self._fsync:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        return digest

    def get(self, digest: str) -> bytes:
        try:
            token = self._path(digest).read_bytes()
        except FileNotFoundError as exc:
            raise BlobStoreError(f"stored document {digest[:12]}... is missing") from exc
        try:
            return self._fernet.decrypt(token)
        except InvalidToken as exc:
            raise BlobStoreError(
                "stored document cannot be decrypted with the configured key"
            ) from exc

    def _path(self, digest: str) -> Path:
        if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
            raise BlobStoreError("not a SHA-256 key")
        return self.root / digest[:2] / digest[2:4] / digest
