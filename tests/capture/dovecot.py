"""A throwaway Dovecot IMAP server for the tests: Debian's real server (package dovecot-imapd),
started from its own configuration in a temporary directory, never the system's service.

It listens on loopback only, on two free ports: `port` speaks plain IMAP and offers STARTTLS,
`tls_port` speaks IMAP over TLS from the first byte. Its certificate is self-signed, made when
the server starts, and `ca_file` is that certificate, for the client to trust. Two users,
`USERNAME` with `PASSWORD` and `ACCENTED_USERNAME` with a password that is not ASCII, keep
their mail as Maildirs under the same directory, which `stop()` removes.
"""

import datetime
import ipaddress
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

USERNAME = "relmap"
PASSWORD = "correct horse"
# A second user whose password is not ASCII (LOGIN cannot carry it).
ACCENTED_USERNAME = "zoe"
ACCENTED_PASSWORD = "pässwörd €"
STARTUP_SECONDS = 15

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
instance_name = relmap-test-{port}
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal_user}
default_login_user = {login_user}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
# No growing delay after failed logins from one address (anvil's penalty): the wrong-password
# tests would slow down every later login of the same test process.
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
"""


def find_binary() -> str | None:
    """The dovecot executable: on the PATH, or in /usr/sbin (not on a normal user's PATH)."""
    found = shutil.which("dovecot")
    if found:
        return found
    return "/usr/sbin/dovecot" if os.access("/usr/sbin/dovecot", os.X_OK) else None


def free_port() -> int:
    """A loopback port nothing listens on now (the kernel's pick, so workers do not collide)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _existing_user(*names: str) -> pwd.struct_passwd:
    """The first of `names` that exists on this machine."""
    for name in names:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError(f"none of the users {', '.join(names)} exists")


def _accounts() -> dict:
    """Who Dovecot's processes run as. As root: its own users (Debian's package makes them)
    for its internal and login processes, and `nobody` for the mail, because Dovecot refuses
    to open mail as root. As anyone else: that user for everything."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        return {"internal_user": me.pw_name, "login_user": me.pw_name, "mail": me}
    return {
        "internal_user": _existing_user("dovecot", "nobody").pw_name,
        "login_user": _existing_user("dovenull", "nobody").pw_name,
        "mail": _existing_user("nobody"),
    }


def write_self_signed_certificate(cert_path: Path, key_path: Path) -> None:
    """A certificate for 127.0.0.1 and localhost, valid for a day, signed by its own key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)


class Dovecot:
    """One Dovecot server: `start()` it, connect to `host`/`port`/`tls_port`, `stop()` it."""

    host = "127.0.0.1"
    username = USERNAME
    password = PASSWORD

    def __init__(self, binary: str):
        self.binary = binary
        self.root = Path(tempfile.mkdtemp(prefix="relmap-dovecot-"))
        self.port = free_port()
        self.tls_port = free_port()
        self.ca_file = self.root / "cert.pem"
        self.process: subprocess.Popen | None = None

    def _prepare(self) -> Path:
        """Write the configuration, the certificate, the user list and the mail directory."""
        accounts = _accounts()
        mail = accounts["mail"]
        # Dovecot's unprivileged processes must reach their sockets and files under the root.
        self.root.chmod(0o755)
        write_self_signed_certificate(self.ca_file, self.root / "key.pem")
        users = {USERNAME: PASSWORD, ACCENTED_USERNAME: ACCENTED_PASSWORD}
        (self.root / "users").write_text(
            "".join(f"{name}:{password}\n" for name, password in users.items()), encoding="utf-8"
        )
        homes = self.root / "home"
        homes.mkdir()
        os.chown(homes, mail.pw_uid, mail.pw_gid)
        config = self.root / "dovecot.conf"
        config.write_text(
            CONFIG.format(
                root=self.root,
                port=self.port,
                tls_port=self.tls_port,
                internal_user=accounts["internal_user"],
                login_user=accounts["login_user"],
                uid=mail.pw_uid,
                gid=mail.pw_gid,
            )
        )
        return config

    def start(self) -> "Dovecot":
        """Start the server in the foreground of a child process and wait for both ports."""
        try:
            config = self._prepare()
        except BaseException:
            self.stop()
            raise
        with open(self.root / "stderr.log", "wb") as stderr:
            self.process = subprocess.Popen(
                [self.binary, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=stderr
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while not (self._listening(self.port) and self._listening(self.tls_port)):
            if self.process.poll() is not None or time.monotonic() > deadline:
                diagnosis = self._diagnosis()
                self.stop()
                raise RuntimeError(f"dovecot did not start: {diagnosis}")
            time.sleep(0.05)
        return self

    def _listening(self, port: int) -> bool:
        try:
            with socket.create_connection((self.host, port), timeout=0.5):
                return True
        except OSError:
            return False

    def _diagnosis(self) -> str:
        """What dovecot said on stderr and in its log, for a start that failed."""
        said = [self.root / name for name in ("stderr.log", "dovecot.log")]
        return "\n".join(path.read_text(errors="replace") for path in said if path.exists())

    def logouts(self) -> list[int]:
        """The bytes the server sent in each IMAP session that has ended, oldest first, from
        its log ("Logged out in=... out=..."): evidence of what a client downloaded."""
        log = (self.root / "dovecot.log").read_text(errors="replace")
        return [int(found) for found in re.findall(r"Logged out in=\d+ out=(\d+)", log)]

    def wait_for_logouts(self, count: int) -> list[int]:
        """`logouts()` once it has `count` entries (the log process writes a moment later)."""
        deadline = time.monotonic() + 5
        while len(found := self.logouts()) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return found

    def stop(self) -> None:
        """Stop the server (its master stops its children) and remove its directory."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)
