"""capture.imap against a real Dovecot (tests/capture/conftest.py): new messages by UID, a
recreated folder, nothing marked read, big messages skipped, and failures an administrator
can read."""

import imaplib
import socket

import pytest

from capture import imap as imap_module
from capture.imap import (
    FetchedMessage,
    ImapError,
    InsecureConnectionError,
    check_connection,
    encode_folder,
    fetch_new,
    is_loopback,
)
from tests.capture.conftest import make_message
from tests.capture.dovecot import ACCENTED_PASSWORD, ACCENTED_USERNAME, free_port


def subjects(result) -> list[str]:
    return [
        next(line for line in raw.split(b"\n") if line.startswith(b"Subject:"))[9:].strip().decode()
        for _, raw in result.messages
    ]


def test_the_first_fetch_gets_every_message_then_only_new_ones(account, folder, deliver):
    first = [deliver(folder, make_message(f"Meeting {n}")) for n in range(3)]

    result = fetch_new(**account, folder=folder)
    assert [uid for uid, _ in result.messages] == first
    assert subjects(result) == ["Meeting 0", "Meeting 1", "Meeting 2"]
    assert all(
        isinstance(m, FetchedMessage) and m.raw.rstrip().endswith(b"Hello.")
        for m in result.messages
    )
    assert result.last_uid == first[-1]
    assert not result.uidvalidity_changed

    newer = deliver(folder, make_message("Follow-up"))
    again = fetch_new(
        **account, folder=folder, uidvalidity=result.uidvalidity, last_uid=result.last_uid
    )
    assert again.uidvalidity == result.uidvalidity
    assert [uid for uid, _ in again.messages] == [newer]
    assert subjects(again) == ["Follow-up"]
    assert again.last_uid == newer


def test_nothing_new_is_nothing_even_though_uid_n_star_matches_the_newest(account, folder, deliver):
    last = deliver(folder, make_message("Only one"))
    first = fetch_new(**account, folder=folder)

    # `UID SEARCH UID <last+1>:*` answers with the newest message: it must not come back.
    result = fetch_new(**account, folder=folder, uidvalidity=first.uidvalidity, last_uid=last)
    assert result.messages == []
    assert result.last_uid == last


def test_an_empty_folder_gives_nothing(account, folder):
    result = fetch_new(**account, folder=folder)
    assert result.messages == [] and result.skipped == []
    assert result.last_uid == 0
    assert result.uidvalidity > 0


def test_a_recreated_folder_has_a_new_uidvalidity_and_everything_is_fetched_again(
    account, folder, deliver, imap
):
    deliver(folder, make_message("Old 1"))
    deliver(folder, make_message("Old 2"))
    before = fetch_new(**account, folder=folder)

    assert imap.delete(encode_folder(folder))[0] == "OK"
    assert imap.create(encode_folder(folder))[0] == "OK"
    deliver(folder, make_message("After the move"))
    deliver(folder, make_message("And another"))

    result = fetch_new(
        **account, folder=folder, uidvalidity=before.uidvalidity, last_uid=before.last_uid
    )
    assert result.uidvalidity != before.uidvalidity
    assert result.uidvalidity_changed
    assert subjects(result) == ["After the move", "And another"]


def test_a_uidvalidity_other_than_the_servers_refetches_all(account, folder, deliver):
    uids = [deliver(folder, make_message(f"M{n}")) for n in range(2)]
    current = fetch_new(**account, folder=folder).uidvalidity

    result = fetch_new(**account, folder=folder, uidvalidity=current + 1, last_uid=uids[-1])
    assert result.uidvalidity_changed
    assert [uid for uid, _ in result.messages] == uids


def seen_flags(imap, folder) -> dict[int, bool]:
    imap.select(encode_folder(folder), readonly=True)
    _, data = imap.uid("FETCH", "1:*", "(FLAGS)")
    return {int(line.split(b"UID ")[1].split()[0]): b"\\Seen" in line for line in data}


def test_fetched_messages_stay_unread(account, folder, deliver, imap):
    uids = [deliver(folder, make_message(f"Unread {n}")) for n in range(2)]

    assert len(fetch_new(**account, folder=folder).messages) == 2
    assert check_connection(**account, folder=folder).message_count == 2

    assert seen_flags(imap, folder) == dict.fromkeys(uids, False)


def test_a_message_above_max_bytes_is_skipped_counted_and_passed_over(
    dovecot, account, folder, deliver
):
    small = deliver(folder, make_message("Small"))
    big = deliver(folder, make_message("Huge attachment", attachment=b"x" * 300_000))
    after = deliver(folder, make_message("Small again"))

    ended = len(dovecot.logouts())
    result = fetch_new(**account, folder=folder, max_bytes=100_000)
    # The server's log: the session sent far less than the big message (never downloaded).
    assert dovecot.wait_for_logouts(ended + 1)[ended] < 20_000
    assert [uid for uid, _ in result.messages] == [small, after]
    assert result.skipped_count == 1
    assert result.skipped[0].uid == big
    assert result.skipped[0].size > 300_000
    assert result.last_uid == after

    # The next run does not consider it again.
    nothing = fetch_new(
        **account, folder=folder, uidvalidity=result.uidvalidity, last_uid=result.last_uid
    )
    assert nothing.messages == [] and nothing.skipped == []


def test_small_batches_fetch_every_message_in_order(account, folder, deliver):
    uids = [deliver(folder, make_message(f"Batch {n}")) for n in range(5)]

    result = fetch_new(**account, folder=folder, batch=2)
    assert [uid for uid, _ in result.messages] == uids
    assert subjects(result) == [f"Batch {n}" for n in range(5)]


def test_a_search_in_windows_of_uids_finds_every_message(monkeypatch, account, folder, deliver):
    # Big folders are searched a window of UIDs at a time (a long answer would exceed imaplib's
    # line limit): two UIDs a window here.
    monkeypatch.setattr(imap_module, "SEARCH_WINDOW", 2)
    uids = [deliver(folder, make_message(f"Window {n}")) for n in range(5)]

    assert [m.uid for m in fetch_new(**account, folder=folder).messages] == uids
    assert [m.uid for m in fetch_new(**account, folder=folder, last_uid=uids[0]).messages] == (
        uids[1:]
    )
    assert [m.uid for m in fetch_new(**account, folder=folder, limit=3).messages] == uids[:3]


def test_a_limit_takes_the_oldest_and_the_next_call_resumes(account, folder, deliver):
    uids = [deliver(folder, make_message(f"Limited {n}")) for n in range(3)]

    first = fetch_new(**account, folder=folder, limit=2)
    assert [uid for uid, _ in first.messages] == uids[:2]
    assert first.last_uid == uids[1]
    rest = fetch_new(**account, folder=folder, uidvalidity=first.uidvalidity, last_uid=uids[1])
    assert [uid for uid, _ in rest.messages] == uids[2:]


def test_a_folder_name_with_spaces_and_accents(account, imap, deliver):
    name = "Cliënts & Co 2026"
    assert encode_folder(name) == '"Cli&AOs-nts &- Co 2026"'
    assert imap.create(encode_folder(name))[0] == "OK"
    uid = deliver(name, make_message("Accented"))

    result = fetch_new(**account, folder=name)
    assert [m.uid for m in result.messages] == [uid]
    assert imap.delete(encode_folder(name))[0] == "OK"


def test_check_connection_reports_the_folder(account, folder, deliver):
    deliver(folder, make_message("One"))
    deliver(folder, make_message("Two"))

    status = check_connection(**account, folder=folder)
    assert status.message_count == 2
    assert status.uidvalidity == fetch_new(**account, folder=folder).uidvalidity


def test_a_wrong_password_is_an_imap_error_that_says_so(account):
    account["password"] = "wrong"
    with pytest.raises(ImapError, match=r"refused the login of 'relmap'.*Authentication failed"):
        fetch_new(**account)
    with pytest.raises(ImapError, match="check the username and password"):
        check_connection(**account)


def test_a_missing_folder_is_an_imap_error(account):
    with pytest.raises(ImapError, match=r"folder 'No such folder' cannot be opened.*exist"):
        fetch_new(**account, folder="No such folder")


def test_a_refused_connection_is_an_imap_error():
    port = free_port()
    with pytest.raises(ImapError, match=rf"Connection to 127\.0\.0\.1:{port} refused"):
        fetch_new(host="127.0.0.1", port=port, username="u", password="p", security="plain")


def test_a_server_that_never_answers_times_out():
    # The kernel accepts the connection into the backlog; nothing ever sends a greeting.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        with pytest.raises(ImapError, match="did not answer within 0.5"):
            check_connection(
                host="127.0.0.1",
                port=port,
                username="u",
                password="p",
                security="plain",
                timeout=0.5,
            )


@pytest.mark.parametrize("host", ["imap.example.com", "10.0.0.5", "2001:db8::1", "127.example"])
def test_plain_text_is_refused_off_this_machine(host):
    with pytest.raises(InsecureConnectionError, match="password unencrypted"):
        fetch_new(host=host, port=143, username="u", password="p", security="plain")


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("192.168.1.1", False),
        ("localhost.example.com", False),
    ],
)
def test_what_counts_as_loopback(host, expected):
    assert is_loopback(host) is expected


def test_an_unknown_security_is_refused():
    with pytest.raises(ImapError, match="Unknown connection security 'ssl'"):
        fetch_new(host="127.0.0.1", port=1, username="u", password="p", security="ssl")


def test_tls_with_the_servers_certificate_trusted(dovecot, account, folder, deliver, tls_context):
    uid = deliver(folder, make_message("Over TLS"))
    account.update(port=dovecot.tls_port, security="tls")

    result = fetch_new(**account, folder=folder, ssl_context=tls_context)
    assert [m.uid for m in result.messages] == [uid]


def test_starttls_with_the_servers_certificate_trusted(account, folder, deliver, tls_context):
    uid = deliver(folder, make_message("Upgraded"))
    account.update(security="starttls", host="localhost")

    result = fetch_new(**account, folder=folder, ssl_context=tls_context)
    assert [m.uid for m in result.messages] == [uid]


def test_an_untrusted_certificate_is_an_imap_error(dovecot, account):
    account.update(port=dovecot.tls_port, security="tls")
    with pytest.raises(ImapError, match="certificate of 127.0.0.1.* is not trusted"):
        check_connection(**account)


def test_tls_to_the_plain_port_is_an_imap_error(account, tls_context):
    account.update(security="tls")
    with pytest.raises(ImapError, match="TLS handshake"):
        check_connection(**account, ssl_context=tls_context, timeout=5)


def test_the_imap_error_is_not_an_imaplib_error():
    # Callers catch one type; imaplib's own errors never leak out.
    assert not issubclass(ImapError, imaplib.IMAP4.error)


def test_a_password_that_is_not_ascii_logs_in(account, folder):
    # LOGIN cannot carry it; AUTHENTICATE PLAIN sends it as UTF-8.
    account.update(username=ACCENTED_USERNAME, password=ACCENTED_PASSWORD)
    assert check_connection(**account).message_count == 0
    account["password"] = "pässwörd"
    with pytest.raises(ImapError, match="refused the login of 'zoe'"):
        check_connection(**account)
