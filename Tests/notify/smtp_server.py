"""A real SMTP server on loopback for end-to-end tests of Siaga112's e-mail notices (aiosmtpd).

    server = MailServer("127.0.0.1", 0, tls_cert=certs.cert, tls_key=certs.key)
    server.start()
    ...  # send through Siaga112
    mail = server.wait_for_message(lambda m: m.envelope_to == ["damkar@example.test"])
    server.stop()

STARTTLS is offered when a certificate is given; AUTH PLAIN and LOGIN are offered when a user is given (only after
STARTTLS when the server has a certificate). `set_down(True)` greets every new connection with 421;
`reject_recipient` answers one address's RCPT TO with the reply of your choice (550 by default).
"""
import email
import email.policy
import pathlib
import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class ReceivedMessage(email.message.EmailMessage):
    """A message as parsed by `email`, with what the SMTP session said about it."""

    envelope_from = None
    envelope_to = ()
    raw = b""
    over_tls = False
    login = None


@dataclass(frozen=True)
class Certificates:
    ca: pathlib.Path
    cert: pathlib.Path
    key: pathlib.Path


def make_certificates(directory, hostname="localhost", ip="127.0.0.1"):
    """A throwaway CA and a server certificate it signed, for `hostname` and `ip` (unless None), made with openssl."""
    directory = pathlib.Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    ca, ca_key = directory / "ca.pem", directory / "ca.key"
    cert, key, request = directory / "server.pem", directory / "server.key", directory / "server.csr"
    extensions = directory / "server.ext"
    names = f"DNS:{hostname}" + (f",IP:{ip}" if ip else "")
    extensions.write_text(
        f"subjectAltName={names}\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n")

    def openssl(*arguments):
        subprocess.run(["openssl", *arguments], check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Siaga112 test CA",
            "-keyout", str(ca_key), "-out", str(ca))
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={hostname}",
            "-keyout", str(key), "-out", str(request))
    openssl("x509", "-req", "-in", str(request), "-CA", str(ca), "-CAkey", str(ca_key), "-CAcreateserial",
            "-days", "2", "-extfile", str(extensions), "-out", str(cert))
    return Certificates(ca=ca, cert=cert, key=key)


def free_port(host="127.0.0.1"):
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class _Session(SMTP):
    """aiosmtpd's session, greeting with 421 while the server is down."""

    def __init__(self, mail_server, *arguments, **keywords):
        super().__init__(*arguments, **keywords)
        self._mail_server = mail_server

    async def _handle_client(self):
        if self._mail_server.down:
            await self.push("421 4.3.2 Service not available, closing transmission channel")
            self.transport.close()
            return
        await super()._handle_client()


class _Controller(Controller):
    def __init__(self, mail_server, *arguments, **keywords):
        super().__init__(*arguments, **keywords)
        self._mail_server = mail_server

    def factory(self):
        return _Session(self._mail_server, self.handler, **self.SMTP_kwargs)


class MailServer:
    """An SMTP server on `host`:`port` (0 picks a free port) that keeps every message it accepts."""

    def __init__(self, host="127.0.0.1", port=0, tls_cert=None, tls_key=None, require_auth=False, user=None,
                 password=None):
        self.host = host
        self.port = port or free_port(host)
        self.user = user
        self.password = password
        self.down = False
        self.messages = []
        self._rejections = {}
        self._changed = threading.Condition()
        tls = None
        if tls_cert:
            tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls.load_cert_chain(str(tls_cert), str(tls_key or tls_cert))
        options = {}
        if user is not None:
            options["authenticator"] = self._authenticate
        self._controller = _Controller(
            self, _Handler(self), hostname=host, port=self.port, server_hostname="mail.test", tls_context=tls,
            auth_required=require_auth, auth_require_tls=tls is not None, **options)

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._controller.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *_):
        self.stop()

    def set_down(self, down=True):
        """While down, every new connection is greeted with 421 and closed."""
        self.down = down

    def reject_recipient(self, address, reply="550 5.1.1 No such user here"):
        """Answers RCPT TO for `address` with `reply` (a 4xx reply for a temporary failure)."""
        self._rejections[address.lower()] = reply

    def wait_for_message(self, predicate=lambda message: True, timeout=10):
        """The first message accepted so far or within `timeout` seconds for which `predicate` holds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for message in self.messages:
                    if predicate(message):
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no matching message within {timeout}s; received {len(self.messages)}")
                self._changed.wait(remaining)

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        accepted = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == self.user
                    and auth_data.password.decode() == self.password)
        return AuthResult(success=accepted, handled=False, auth_data=auth_data if accepted else None)

    def _rejection(self, address):
        return self._rejections.get(address.lower())

    def _received(self, session, envelope):
        raw = envelope.original_content
        # Parsed with bare newlines, as Python's own e-mail code writes them; `raw` keeps the wire's CRLF.
        message = email.message_from_bytes(raw.replace(b"\r\n", b"\n"), _class=ReceivedMessage,
                                           policy=email.policy.default)
        message.envelope_from = envelope.mail_from
        message.envelope_to = list(envelope.rcpt_tos)
        message.raw = raw
        message.over_tls = session.ssl is not None
        login = getattr(session.auth_data, "login", None)
        message.login = login.decode() if login else None
        with self._changed:
            self.messages.append(message)
            self._changed.notify_all()


class _Handler:
    def __init__(self, mail_server):
        self.mail_server = mail_server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        rejection = self.mail_server._rejection(address)
        if rejection:
            return rejection
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.mail_server._received(session, envelope)
        return "250 2.0.0 Ok: queued as Q%06d" % len(self.mail_server.messages)
