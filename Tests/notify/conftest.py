"""Agencies reached end to end: the real Siaga112 server with its channels file pointing at a real SMPP server
(smpp34), a real SMTP server (aiosmtpd, with STARTTLS) and local servers implementing WhatsApp's and Telegram's
documented requests and webhooks (the real services are unreachable here: these are contract tests)."""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "Tests/browser"))
from siaga_api import Client, free_port  # noqa: E402
from fake_telegram import FakeTelegram  # noqa: E402
from fake_whatsapp import FakeWhatsApp  # noqa: E402
from smsc import SMSC  # noqa: E402
from smtp_server import MailServer, make_certificates  # noqa: E402

APP_SECRET = "rahasia-aplikasi-meta"
ACCESS_TOKEN = "EAAG-uji-112"
TELEGRAM_SECRET = "rahasia-webhook-telegram"
SMS_SENDER = "112"


def wait_until(predicate, timeout=15, message="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message}")


class Providers:
    """Every provider, started on loopback before the server so the channels file can name them."""

    def __init__(self, directory, siaga_base):
        self.whatsapp = FakeWhatsApp(f"{siaga_base}/api/v1/notify/whatsapp", APP_SECRET, ACCESS_TOKEN)
        self.telegram = FakeTelegram(f"{siaga_base}/api/v1/notify/telegram", TELEGRAM_SECRET)
        self.smsc = SMSC(system_id="pemkab3515", password="rahasia1")
        self.certificates = make_certificates(pathlib.Path(directory) / "tls")
        self.mail = MailServer(tls_cert=self.certificates.cert, tls_key=self.certificates.key, user="cc112",
                               password="sandi-surat")

    def start(self):
        self.whatsapp.start()
        self.telegram.start()
        self.smsc.start()
        self.mail.start()

    def stop(self):
        for provider in (self.whatsapp, self.telegram, self.smsc, self.mail):
            try:
                provider.stop()
            except Exception:  # noqa: BLE001 - stopping what may already be stopped
                pass

    def set_down(self, down):
        self.whatsapp.set_down(down)
        self.telegram.set_down(down)
        self.smsc.set_down(down)
        self.mail.set_down(down)

    def channels(self, siaga_base):
        return {
            "publicURL": siaga_base,
            "whatsapp": {"apiBase": self.whatsapp.base_url, "phoneNumberId": self.whatsapp.phone_number_id,
                         "accessToken": ACCESS_TOKEN, "appSecret": APP_SECRET, "verifyToken": "verifikasi-112"},
            "telegram": {"apiBase": self.telegram.base_url, "botToken": self.telegram.bot_token,
                         "webhookSecret": TELEGRAM_SECRET},
            "sms": {"host": "127.0.0.1", "port": self.smsc.port, "systemId": "pemkab3515", "password": "rahasia1",
                    "sourceAddress": SMS_SENDER},
            "email": {"host": "127.0.0.1", "port": self.mail.port, "username": "cc112", "password": "sandi-surat",
                      "from": "cc112@sidoarjokab.go.id", "security": "startTLSRequired",
                      "trustRoots": str(self.certificates.ca)},
        }


class Siaga:
    def __init__(self, directory, port):
        self.directory = directory
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.process = None

    def start(self, channels):
        path = pathlib.Path(self.directory) / "channels.json"
        path.write_text(json.dumps(channels))
        os.chmod(path, 0o600)
        binary = os.environ.get("SIAGA_BINARY", str(ROOT / ".build/debug/siaga"))
        self.log = open(os.path.join(self.directory, "siaga.log"), "a")
        self.process = subprocess.Popen(
            [binary, "serve", "--demo", "--database", os.path.join(self.directory, "siaga.sqlite"),
             "--port", str(self.port), "--channels", str(path), "--log-level", "info"],
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_until(self._ready, 120, "Siaga112 to be ready")

    def _ready(self):
        if self.process.poll() is not None:
            raise AssertionError("siaga exited; see " + self.log.name)
        try:
            with urllib.request.urlopen(self.base + "/api/v1/health", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None


@pytest.fixture(scope="session")
def directory():
    path = tempfile.mkdtemp(prefix="siaga-notify-")
    yield path
    if os.environ.get("SIAGA_KEEP_NOTIFY_LOGS") != "1":
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def server(directory):
    port = free_port()
    providers = Providers(directory, f"http://127.0.0.1:{port}")
    providers.start()
    siaga = Siaga(directory, port)
    siaga.start(providers.channels(siaga.base))
    providers.smsc.wait_for_binds(1, timeout=20)
    yield siaga, providers
    siaga.stop()
    providers.stop()


@pytest.fixture(scope="session")
def admin(server):
    return Client.signed_in(server[0].base, "admin.3515")


@pytest.fixture(scope="session")
def operator(server):
    return Client.signed_in(server[0].base, "operator.3515")


class Center:
    """What the tests do through the API, as the region's admin and its call taker."""

    def __init__(self, admin, operator):
        self.admin = admin
        self.operator = operator

    def ladder(self, agency, rungs):
        return self.admin.put(f"/agencies/{agency}/notice-ladder", {"rungs": rungs})

    def forwarded(self, agency, description="Kebakaran rumah warga di Pepelegi"):
        """Opens an incident from an answered call and forwards it to `agency` alone; returns its id."""
        call = self.operator.post("/calls", {"regionCode": "35.15", "channel": "voice112",
                                              "callerNumber": "081234567890", "answered": True})["call"]
        incident = self.operator.post("/incidents", {
            "regionCode": "35.15", "description": description, "category": "kebakaran", "callId": call["id"],
            "location": {"address": "Jl. Pepelegi Indah 12", "kecamatanCode": "35.15.18", "source": "caller"}})["incident"]
        self.operator.post(f"/incidents/{incident['id']}/events", {
            "type": "forward", "version": incident["version"], "agencyIds": [agency],
            "reason": "Uji pemberitahuan OPD"})
        return incident["id"]

    def dispatch(self, incident, agency):
        return next(d for d in self.operator.get(f"/incidents/{incident}")["dispatches"] if d["agencyId"] == agency)

    def steps(self, incident):
        events = self.operator.get(f"/incidents/{incident}/events")["items"]
        return [f"{e['data']['channel']}/{e['data']['step']}" for e in events if e["type"] == "noticeReported"]

    def notices(self, incident):
        return self.operator.get(f"/incidents/{incident}/notices")["notices"]


@pytest.fixture
def center(admin, operator):
    return Center(admin, operator)
