"""The SMTP test server itself, driven with Python's smtplib: what it accepts, what it refuses, and how it says so."""
import smtplib
import ssl
from email.message import EmailMessage

import pytest

from smtp_server import MailServer, make_certificates

SENDER = "cc112@sidoarjo.test"
DAMKAR = "damkar@sidoarjo.test"


@pytest.fixture(scope="session")
def certificates(tmp_path_factory):
    return make_certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def plain_server():
    with MailServer("127.0.0.1", 0) as server:
        yield server


@pytest.fixture
def tls_server(certificates):
    with MailServer("127.0.0.1", 0, tls_cert=certificates.cert, tls_key=certificates.key, require_auth=True,
                    user="siaga", password="rahasia") as server:
        yield server


def notice(subject="Kebakaran di Candi", to=DAMKAR):
    message = EmailMessage()
    message["From"] = f"Command Center 112 <{SENDER}>"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = "<n1.1@siaga112>"
    message.set_content("Rumah terbakar di Desa Candi.\n.baris diawali titik\n")
    return message


def trusting(certificates):
    return ssl.create_default_context(cafile=str(certificates.ca))


def test_a_message_is_kept_with_its_envelope(plain_server):
    # given
    with smtplib.SMTP(plain_server.host, plain_server.port) as client:
        # when
        client.send_message(notice(subject="Kebakaran — Desa Candi"))

    # then
    mail = plain_server.wait_for_message(lambda m: m["Message-ID"] == "<n1.1@siaga112>")
    assert mail.envelope_from == SENDER
    assert mail.envelope_to == [DAMKAR]
    assert mail["Subject"] == "Kebakaran — Desa Candi"
    assert mail.get_content() == "Rumah terbakar di Desa Candi.\n.baris diawali titik\n"
    assert b"\r\n..baris" not in mail.raw
    assert not mail.over_tls
    assert mail.login is None


def test_starttls_is_offered_with_a_certificate_and_auth_only_after_it(tls_server, certificates):
    # given
    with smtplib.SMTP(tls_server.host, tls_server.port) as client:
        client.ehlo("siaga.test")
        offered_in_clear = client.esmtp_features.copy()

        # when
        client.starttls(context=trusting(certificates))
        client.ehlo("siaga.test")
        client.login("siaga", "rahasia")
        client.send_message(notice())

    # then
    assert "starttls" in offered_in_clear
    assert "auth" not in offered_in_clear
    mail = tls_server.wait_for_message()
    assert mail.over_tls
    assert mail.login == "siaga"


def test_a_server_requiring_auth_refuses_mail_without_it_and_a_wrong_password(tls_server, certificates):
    # given
    with smtplib.SMTP(tls_server.host, tls_server.port) as client:
        client.starttls(context=trusting(certificates))
        client.ehlo("siaga.test")

        # when
        unauthenticated = client.mail(SENDER)
        with pytest.raises(smtplib.SMTPAuthenticationError) as wrong:
            client.login("siaga", "salah")

    # then
    assert unauthenticated[0] == 530
    assert wrong.value.smtp_code == 535
    assert tls_server.messages == []


def test_the_certificate_is_signed_by_the_throwaway_ca_only(tls_server):
    # given
    with smtplib.SMTP(tls_server.host, tls_server.port) as client:
        # when / then
        with pytest.raises(ssl.SSLCertVerificationError):
            client.starttls(context=ssl.create_default_context())


@pytest.mark.parametrize("reply, code", [("550 5.1.1 No such user here", 550), ("450 4.2.1 Mailbox busy", 450)])
def test_a_rejected_recipient_gets_the_chosen_reply(plain_server, reply, code):
    # given
    plain_server.reject_recipient(DAMKAR, reply)

    # when
    with smtplib.SMTP(plain_server.host, plain_server.port) as client:
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            client.send_message(notice())

    # then
    assert refused.value.recipients[DAMKAR][0] == code
    assert plain_server.messages == []


def test_a_server_that_is_down_greets_with_421_until_it_is_up_again(plain_server):
    # given
    plain_server.set_down(True)

    # when
    with pytest.raises(smtplib.SMTPConnectError) as down:
        smtplib.SMTP(plain_server.host, plain_server.port, timeout=5)
    plain_server.set_down(False)
    with smtplib.SMTP(plain_server.host, plain_server.port, timeout=5) as client:
        client.send_message(notice())

    # then
    assert down.value.smtp_code == 421
    assert len(plain_server.messages) == 1


def test_the_queue_id_is_named_in_the_reply_to_data(plain_server):
    # given
    with smtplib.SMTP(plain_server.host, plain_server.port) as client:
        client.ehlo("siaga.test")
        client.mail(SENDER)
        client.rcpt(DAMKAR)

        # when
        code, text = client.data(notice().as_bytes())

    # then
    assert code == 250
    assert text.decode() == "2.0.0 Ok: queued as Q000001"


def test_waiting_for_a_message_that_never_comes_fails(plain_server):
    with pytest.raises(AssertionError, match="no matching message"):
        plain_server.wait_for_message(timeout=0.2)
