import pytest
from cryptography.fernet import Fernet

from pars.documents.blobstore import BlobStoreError, EncryptedBlobStore


def test_round_trip_and_encrypted_at_rest(tmp_path):
    store = EncryptedBlobStore(tmp_path, Fernet.generate_key())
    data = b"Dear Dr Okafor, NHS No 943 476 5919"
    key = store.put(data)
    assert store.get(key) == data
    on_disk = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(on_disk) == 1
    assert b"Okafor" not in on_disk[0].read_bytes()


def test_identical_bytes_stored_once(tmp_path):
    store = EncryptedBlobStore(tmp_path, Fernet.generate_key())
    assert store.put(b"same") == store.put(b"same")
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1


def test_wrong_key_is_a_clear_error(tmp_path):
    key = EncryptedBlobStore(tmp_path, Fernet.generate_key()).put(b"secret")
    with pytest.raises(BlobStoreError, match="decrypted"):
        EncryptedBlobStore(tmp_path, Fernet.generate_key()).get(key)


def test_missing_and_malformed_keys(tmp_path):
    store = EncryptedBlobStore(tmp_path, Fernet.generate_key())
    with pytest.raises(BlobStoreError, match="missing"):
        store.get("0" * 64)
    with pytest.raises(BlobStoreError, match="SHA-256"):
        store.get("../../etc/passwd")
