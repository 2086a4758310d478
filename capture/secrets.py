"""Mailbox passwords encrypted at rest, with a key that lives outside the database.

Relmap must log in to a mailbox on its own, so it keeps the password, not a hash of it. It
keeps it encrypted with Fernet (AES-128-CBC and an HMAC-SHA256, from the `cryptography`
package) under the key in the RELMAP_CAPTURE_KEY setting, read from the environment: a copy
of the database alone does not give the passwords away.

Make a key with `python -c "from capture.secrets import generate_key; print(generate_key())"`
(or `Fernet.generate_key()`) and keep it as safely as SECRET_KEY, the same on every server.

Key rotation: RELMAP_CAPTURE_KEY may hold several keys, comma-separated. The first encrypts,
and every one of them decrypts. To change the key, put a new key first and keep the old one
after it (`RELMAP_CAPTURE_KEY=new,old`); re-encrypt the stored passwords with `rotate()`;
then remove the old key. A password encrypted under a key that is no longer listed cannot be
read: `decrypt` raises `CaptureKeyError`, and the mailbox's password must be entered again.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SETTING = "RELMAP_CAPTURE_KEY"

_UNREADABLE = (
    f"A stored mailbox password cannot be decrypted with the keys in {SETTING}: the key was "
    "changed or removed, or the stored value was altered. Put the previous key back after the "
    "new one (new,old), or enter the mailbox's password again."
)


class CaptureKeyError(ImproperlyConfigured):
    """RELMAP_CAPTURE_KEY is missing or malformed, or does not open a stored password."""


def generate_key() -> str:
    """A new random key, in the form RELMAP_CAPTURE_KEY takes."""
    return Fernet.generate_key().decode("ascii")


def _configured_keys() -> list[str]:
    """The keys of the setting, first one first. The setting is a list (relmap/settings.py
    splits the environment variable on commas); a comma-separated string is accepted too."""
    value = getattr(settings, SETTING, None) or []
    if isinstance(value, str):
        value = value.split(",")
    return [key.strip() for key in value if key.strip()]


def _fernet() -> MultiFernet:
    """The configured keys, ready to encrypt with the first and decrypt with any."""
    keys = _configured_keys()
    if not keys:
        raise CaptureKeyError(
            f"{SETTING} is not set: mailbox passwords cannot be encrypted or read. Set it in "
            "the environment to a key made by capture.secrets.generate_key() (or "
            "cryptography's Fernet.generate_key())."
        )
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except ValueError:
            # The key itself stays out of the message: it is a secret.
            raise CaptureKeyError(
                f"{SETTING}: key number {position} is not a Fernet key (32 bytes in url-safe "
                "base64, 44 characters); make one with capture.secrets.generate_key()."
            ) from None
    return MultiFernet(fernets)


def encrypt(plaintext: str) -> str:
    """The password encrypted with the first configured key, as text for a database column.

    Each call gives a different token (Fernet adds a random IV and a timestamp)."""
    return _fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The password that `encrypt` turned into `token`, with whichever configured key made it.

    Raises CaptureKeyError when no configured key opens it: the key was changed without the old
    one kept after it, or the token was altered."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        raise CaptureKeyError(_UNREADABLE) from None


def rotate(token: str) -> str:
    """`token` encrypted again under the first configured key (after a new key was put first).

    Raises CaptureKeyError, as `decrypt` does, when no configured key opens it."""
    try:
        return _fernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError):
        raise CaptureKeyError(_UNREADABLE) from None
