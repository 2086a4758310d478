"""Reading new messages from an IMAP mailbox, with Python's imaplib: no Django, no models.

`fetch_new` logs in, opens one folder read-only and returns the messages whose UID is above
the last one the caller has seen, as raw RFC 5322 bytes. The caller keeps two numbers per
folder between runs: the folder's UIDVALIDITY and the highest UID seen (`FetchResult.last_uid`).
UIDs only grow within one UIDVALIDITY; when the server reports another UIDVALIDITY the folder
was recreated, its old UIDs mean nothing, and every message is fetched again.

The mailbox is left as it was: the folder is opened with EXAMINE and bodies are read with
BODY.PEEK[], so no message is marked read. Sizes are asked first (RFC822.SIZE) so that a
message above `max_bytes` (a huge attachment) is skipped without being downloaded.

Every failure a person can act on (wrong password, server down or silent, unknown folder,
untrusted certificate) is an `ImapError` whose message says what happened in plain words.
"""

import base64
import contextlib
import imaplib
import ipaddress
import re
import socket
import ssl
from dataclasses import dataclass, field
from typing import NamedTuple

SECURITY_CHOICES = ("tls", "starttls", "plain")
DEFAULT_PORTS = {"tls": 993, "starttls": 143, "plain": 143}
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
DEFAULT_TIMEOUT = 30
SEARCH_WINDOW = 50_000
LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}

_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")


class ImapError(Exception):
    """The mailbox could not be read; the message says why, for an administrator."""


class InsecureConnectionError(ImapError):
    """A plain-text connection (password in clear) was asked for to a host off this machine."""


class FetchedMessage(NamedTuple):
    """One message: its UID in the folder and its raw bytes, headers and body."""

    uid: int
    raw: bytes


class SkippedMessage(NamedTuple):
    """A message left on the server because its size is above the limit."""

    uid: int
    size: int


@dataclass
class FetchResult:
    """What one `fetch_new` found.

    `uidvalidity` and `last_uid` are what the caller stores for the next call. `last_uid`
    counts skipped messages too, so they are not considered again. `uidvalidity_changed` is
    true when a UIDVALIDITY was given and the server's differs (everything was fetched again).
    """

    uidvalidity: int
    last_uid: int
    uidvalidity_changed: bool = False
    messages: list[FetchedMessage] = field(default_factory=list)
    skipped: list[SkippedMessage] = field(default_factory=list)

    @property
    def skipped_count(self) -> int:
        return len(self.skipped)


@dataclass
class MailboxStatus:
    """What `check_connection` found: the folder's UIDVALIDITY and number of messages."""

    uidvalidity: int
    message_count: int


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine (127.0.0.0/8, ::1 or localhost), where a plain-text
    connection does not cross a network."""
    if host.strip().lower().rstrip(".") in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def encode_folder(name: str) -> str:
    """A folder name as an IMAP command argument: modified UTF-7 (RFC 3501 5.1.3) for the
    characters outside printable ASCII, in double quotes so spaces are kept."""
    out, pending = [], []

    def flush():
        if pending:
            data = base64.b64encode("".join(pending).encode("utf-16-be")).rstrip(b"=")
            out.append("&" + data.replace(b"/", b",").decode("ascii") + "-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    quoted = "".join(out).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}"'


def _server_text(error: Exception) -> str:
    """The server's own words from an imaplib error (which wraps them as bytes in a str)."""
    text = str(error)
    match = re.fullmatch(r"b'(.*)'|b\"(.*)\"", text)
    return (match.group(1) or match.group(2)) if match else text


def _open(
    host: str, port: int, security: str, timeout: float, ssl_context: ssl.SSLContext | None
) -> imaplib.IMAP4:
    """A connection to the server, encrypted as `security` asks; the server not there, not
    answering within `timeout` seconds, or not trusted is an ImapError."""
    if security not in SECURITY_CHOICES:
        raise ImapError(f"Unknown connection security {security!r}: use tls, starttls or plain.")
    if security == "plain" and not is_loopback(host):
        raise InsecureConnectionError(
            f"A plain-text IMAP connection to {host} would send the password unencrypted over "
            "the network: use tls (usually port 993) or starttls (port 143). Plain is allowed "
            "only to this machine (127.0.0.1, ::1, localhost)."
        )
    context = ssl_context or ssl.create_default_context()
    where = f"{host}:{port}"
    try:
        if security == "tls":
            return imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=timeout)
        conn = imaplib.IMAP4(host, port, timeout=timeout)
        if security == "starttls":
            _starttls(conn, context, where)
        return conn
    except ImapError:
        raise
    except ssl.SSLCertVerificationError as error:
        raise ImapError(
            f"The certificate of {where} is not trusted ({error.verify_message}): check the "
            "host name, or the server's certificate."
        ) from None
    except ssl.SSLError as error:
        raise ImapError(
            f"The TLS handshake with {where} failed ({error.reason or error}): is it the TLS "
            "port (993), not the STARTTLS one (143)?"
        ) from None
    except TimeoutError:
        raise ImapError(f"The IMAP server {where} did not answer within {timeout} s.") from None
    except ConnectionRefusedError:
        raise ImapError(
            f"Connection to {where} refused: no IMAP server listens there (check the host "
            "and port)."
        ) from None
    except socket.gaierror:
        raise ImapError(f"The host name {host!r} is not known (DNS lookup failed).") from None
    except (OSError, imaplib.IMAP4.error) as error:
        raise ImapError(f"Could not talk to the IMAP server {where}: {error}.") from None


def _starttls(conn: imaplib.IMAP4, context: ssl.SSLContext, where: str) -> None:
    """Switch the connection to TLS; a server that does not offer it is an ImapError (we never
    fall back to sending the password in clear)."""
    try:
        conn.starttls(ssl_context=context)
    except imaplib.IMAP4.error as error:
        conn.shutdown()
        raise ImapError(f"{where} does not offer STARTTLS: {_server_text(error)}") from None


def _login(conn: imaplib.IMAP4, username: str, password: str) -> None:
    """Log in with LOGIN, or with AUTHENTICATE PLAIN (which carries UTF-8) when the username or
    password is not ASCII, which LOGIN cannot send."""
    try:
        if (username + password).isascii():
            conn.login(username, password)
        else:
            credentials = f"\0{username}\0{password}".encode()
            conn.authenticate("PLAIN", lambda _challenge: credentials)
    except imaplib.IMAP4.error as error:
        raise ImapError(
            f"The IMAP server refused the login of {username!r}: {_server_text(error)} (check "
            "the username and password)."
        ) from None


def _examine(conn: imaplib.IMAP4, folder: str) -> tuple[int, int, int | None]:
    """Open `folder` read-only; its UIDVALIDITY, number of messages and UIDNEXT (the UID the
    next message will get; None from a server that does not say)."""
    status, data = conn.select(encode_folder(folder), readonly=True)
    if status != "OK":
        said = data[0].decode(errors="replace") if data and data[0] else ""
        raise ImapError(f"The folder {folder!r} cannot be opened: {said or 'it does not exist'}.")
    _, validity = conn.response("UIDVALIDITY")
    if not validity or validity[0] is None:
        raise ImapError(f"The server gave no UIDVALIDITY for the folder {folder!r}.")
    _, uidnext = conn.response("UIDNEXT")
    following = int(uidnext[0]) if uidnext and uidnext[0] else None
    return int(validity[0]), int(data[0] or 0), following


def _chunks(items: list[int], size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _uid_set(uids: list[int]) -> str:
    return ",".join(str(uid) for uid in uids)


def _search_windows(last_uid: int, uidnext: int | None) -> list[str]:
    """The UID ranges to search, SEARCH_WINDOW UIDs each, so that no answer is one line longer
    than imaplib accepts (1 MB, some 140,000 UIDs). Without UIDNEXT, one range to the end."""
    if uidnext is None:
        return [f"{last_uid + 1}:*"]
    starts = range(last_uid + 1, uidnext, SEARCH_WINDOW)
    return [f"{start}:{min(start + SEARCH_WINDOW, uidnext) - 1}" for start in starts]


def _search_after(
    conn: imaplib.IMAP4, last_uid: int, uidnext: int | None, limit: int | None
) -> list[int]:
    """The UIDs above `last_uid`, in order, at most `limit` of them. `UID n:*` matches the
    newest message even when its UID is below n (RFC 3501: `*` is the highest UID), hence
    the filter."""
    found: list[int] = []
    for window in _search_windows(last_uid, uidnext):
        status, data = conn.uid("SEARCH", "UID", window)
        if status != "OK":
            raise ImapError(f"The server refused to search the folder: {data!r}")
        found += sorted(int(uid) for part in data if part for uid in part.split())
        if limit is not None and len(found) >= limit:
            break
    return [uid for uid in found if uid > last_uid][:limit]


def _sizes(conn: imaplib.IMAP4, uids: list[int], batch: int) -> dict[int, int]:
    """Each message's size in bytes, as the server reports it, without fetching any body."""
    sizes = {}
    for chunk in _chunks(uids, batch):
        status, data = conn.uid("FETCH", _uid_set(chunk), "(RFC822.SIZE)")
        if status != "OK":
            raise ImapError(f"The server refused to give message sizes: {data!r}")
        for item in data:
            line = item[0] if isinstance(item, tuple) else item
            uid, size = _UID.search(line or b""), _SIZE.search(line or b"")
            if uid and size:
                sizes[int(uid.group(1))] = int(size.group(1))
    return sizes


def _bodies(
    conn: imaplib.IMAP4, uids: list[int], batch: int, headers_only: bool = False
) -> list[FetchedMessage]:
    """The raw messages (or only their headers), `batch` per command, read with BODY.PEEK so
    none is marked read. A message deleted meanwhile is simply absent."""
    messages = []
    part = "(BODY.PEEK[HEADER])" if headers_only else "(BODY.PEEK[])"
    for chunk in _chunks(uids, batch):
        status, data = conn.uid("FETCH", _uid_set(chunk), part)
        if status != "OK":
            raise ImapError(f"The server refused to send messages: {data!r}")
        for position, item in enumerate(data):
            if isinstance(item, tuple):
                # The UID comes before the body, or after it (in the line that closes it).
                after = data[position + 1] if position + 1 < len(data) else b""
                uid = _UID.search(item[0]) or _UID.search(
                    after if isinstance(after, bytes) else b""
                )
                if uid:
                    messages.append(FetchedMessage(int(uid.group(1)), item[1]))
    return sorted(messages)


def _session(host, port, security, username, password, timeout, ssl_context) -> imaplib.IMAP4:
    """A logged-in connection; closed again if the login fails."""
    conn = _open(host, port, security, timeout, ssl_context)
    try:
        _login(conn, username, password)
    except BaseException:
        _close(conn)
        raise
    return conn


def _broken(host: str, port: int, error: Exception) -> ImapError:
    """The ImapError for a failure after the login: silence, a dropped connection, or a
    command the server rejected."""
    if isinstance(error, TimeoutError):
        return ImapError(f"The IMAP server {host}:{port} stopped answering.")
    if isinstance(error, imaplib.IMAP4.abort | OSError):
        return ImapError(f"The connection to {host}:{port} broke: {error}.")
    return ImapError(f"The IMAP server {host}:{port} rejected a command: {_server_text(error)}")


def _close(conn: imaplib.IMAP4) -> None:
    """Log out, ignoring a connection that is already gone."""
    with contextlib.suppress(OSError, imaplib.IMAP4.error):
        conn.logout()


def fetch_new(
    *,
    host: str,
    port: int | None = None,
    username: str,
    password: str,
    folder: str = "INBOX",
    security: str = "tls",
    uidvalidity: int | None = None,
    last_uid: int = 0,
    batch: int = 200,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limit: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    ssl_context: ssl.SSLContext | None = None,
    headers_only: bool = False,
) -> FetchResult:
    """The messages of `folder` with a UID above `last_uid`, oldest first, or all of them when
    the folder's UIDVALIDITY is not `uidvalidity` (given and different).

    `security` is "tls" (TLS from the start, port 993 by default), "starttls" (port 143, then
    TLS before the login) or "plain" (loopback only). The certificate is checked against the
    system's authorities, or as `ssl_context` says. Messages above `max_bytes` are skipped
    without being downloaded and listed in `skipped`. `limit` caps the messages considered in
    one call (oldest first); `last_uid` of the result then says where the next call resumes.
    `headers_only` fetches each message's header block alone (BODY.PEEK[HEADER]): all that
    capture reads, whatever the size of the body. Raises ImapError for any failure to
    connect, log in or read.
    """
    port = port or DEFAULT_PORTS.get(security, 993)
    conn = _session(host, port, security, username, password, timeout, ssl_context)
    try:
        current, _, uidnext = _examine(conn, folder)
        changed = uidvalidity is not None and uidvalidity != current
        since = 0 if changed else max(last_uid, 0)
        uids = _search_after(conn, since, uidnext, limit)
        sizes = _sizes(conn, uids, batch)
        wanted = [uid for uid in uids if sizes.get(uid, 0) <= max_bytes]
        skipped = [SkippedMessage(uid, sizes[uid]) for uid in uids if sizes.get(uid, 0) > max_bytes]
        return FetchResult(
            uidvalidity=current,
            last_uid=max(uids, default=since),
            uidvalidity_changed=changed,
            messages=_bodies(conn, wanted, batch, headers_only),
            skipped=skipped,
        )
    except (OSError, imaplib.IMAP4.error) as error:
        raise _broken(host, port, error) from None
    finally:
        _close(conn)


def check_connection(
    *,
    host: str,
    port: int | None = None,
    username: str,
    password: str,
    folder: str = "INBOX",
    security: str = "tls",
    timeout: float = 15,
    ssl_context: ssl.SSLContext | None = None,
) -> MailboxStatus:
    """Connect, log in and open `folder` read-only, as `fetch_new` would, and fetch nothing:
    for an administrator's "test connection". Raises ImapError with the reason on failure."""
    port = port or DEFAULT_PORTS.get(security, 993)
    conn = _session(host, port, security, username, password, timeout, ssl_context)
    try:
        uidvalidity, count, _ = _examine(conn, folder)
        return MailboxStatus(uidvalidity=uidvalidity, message_count=count)
    except (OSError, imaplib.IMAP4.error) as error:
        raise _broken(host, port, error) from None
    finally:
        _close(conn)
