"""Signing secrets at rest: encrypted with the service's key, decrypted only to sign."""

import base64
import hashlib

from cryptography.fernet import Fernet
from pydantic import SecretStr


class SecretBox:
    def __init__(self, key: SecretStr) -> None:
        digest = hashlib.sha256(key.get_secret_value().encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def seal(self, secret: str) -> bytes:
        return self._fernet.encrypt(secret.encode())

    def open(self, ciphertext: bytes) -> str:
        return self._fernet.decrypt(ciphertext).decode()
