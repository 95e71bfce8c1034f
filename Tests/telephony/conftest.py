"""The SIP front end end to end: the project's kamailio configuration (deploy/kamailio) started on loopback, SIPp
as the operator's trunk and as the call takers' phones, and the real Siaga112 server deciding and recording."""
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SIPP = pathlib.Path(__file__).resolve().parent / "sipp"
sys.path.insert(0, str(ROOT / "Tests/browser"))
from siaga_api import Client, free_port  # noqa: E402

RING_MS = 4000
DECISION_MS = 3000
FALLBACK = "kepala3515"


def free_udp_port():
    while True:
        port = free_port()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue


def wait_until(predicate, timeout=10, message="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message}")


class Kamailio:
    def __init__(self, directory, fallback=FALLBACK, ring_ms=RING_MS):
        self.directory = directory
        self.fallback = fallback
        self.ring_ms = ring_ms
        self.sip_port = free_udp_port()
        self.evapi_port = free_port()
        self.process = None
        config = pathlib.Path(directory) / "kamailio"
        shutil.copytree(ROOT / "deploy/kamailio", config)
        # The trunk is this machine's loopback address: Sidoarjo's calls come from 127.0.0.1 only.
        (config / "trunks.cfg").write_text(
            'route[TRUNK] {\n    switch ($si) {\n        case "127.0.0.1":\n'
            '            $var(trunk) = "uji";\n            $var(region) = "35.15";\n            return 1;\n'
            '    }\n    return -1;\n}\n')
        # Every test phone's password is phone_password(name); kamailio checks the digest of it.
        (config / "phones.cfg").write_text(
            'route[PHONE_SECRET] {\n    if ($au =~ "^[A-Za-z0-9_.-]{1,64}$") {\n'
            '        $var(plain) = $au + ":siaga112:rahasia-" + $au;\n'
            '        $var(ha1) = $(var(plain){s.md5});\n        return 1;\n    }\n    return -1;\n}\n')
        self.config = config

    def start(self):
        run = pathlib.Path(self.directory) / "run"
        run.mkdir(exist_ok=True)
        self.log = open(pathlib.Path(self.directory) / "kamailio.log", "a")
        self.process = subprocess.Popen(
            ["kamailio", "-DD", "-E", "-f", str(self.config / "kamailio.cfg"), "-Y", str(run),
             "-A", f"SIP_LISTEN=udp:127.0.0.1:{self.sip_port}",
             "-A", f'EVAPI_BIND="127.0.0.1:{self.evapi_port}"',
             "-A", f'FALLBACK_PHONES="{self.fallback}"', "-A", f"RING_MS={self.ring_ms}",
             "-A", f"DECISION_MS={DECISION_MS}",
             "-A", "PHONE_SUBNETS=\"127.0.0.0/8\""],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_until(lambda: self._listening(), 10, "kamailio's event API")

    def _listening(self):
        if self.process.poll() is not None:
            raise AssertionError("kamailio exited; see " + self.log.name)
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.evapi_port)) == 0

    def stop(self):
        """Stops kamailio and every child it forked. Kamailio waits for its children on SIGTERM,
        and a child blocked in a timer or the event API can hold it past any wait; the switch's
        whole process group is then killed, as a service manager would after its stop timeout."""
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.log.write("test harness: kamailio did not stop in 15 s; killing its group\n")
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            self.process = None


BINARY = os.environ.get("SIAGA_BINARY", str(ROOT / ".build/debug/siaga"))


class Siaga:
    """The real server on the switch: on its own SQLite file, or as one of several instances on `database`."""

    def __init__(self, directory, switch_port, database=None, name="siaga"):
        self.directory = directory
        self.switch_port = switch_port
        self.database = database or os.path.join(directory, "siaga.sqlite")
        self.name = name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        self.log = open(os.path.join(self.directory, f"{self.name}.log"), "a")
        connections = open(self.log.name).read().count("connected to the switch")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--demo", "--database", self.database,
             "--port", str(self.port), "--switch", f"127.0.0.1:{self.switch_port}", "--log-level", "info"],
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_until(self._ready, 120, "Siaga112 to be ready")
        wait_until(lambda: open(self.log.name).read().count("connected to the switch") > connections, 10,
                   "Siaga112 on the switch")

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


def phone_password(name):
    """The SIP password of the test phone `name`, as the test kamailio's phones.cfg expects it."""
    return f"rahasia-{name}"


def register(kamailio, name, port, password=None):
    """Registers the phone `name` from `port` with its password (or `password`); returns SIPp's result."""
    return subprocess.run(
        ["sipp", f"127.0.0.1:{kamailio.sip_port}", "-sf", str(SIPP / "register.xml"), "-s", name,
         "-au", name, "-ap", password or phone_password(name),
         "-i", "127.0.0.1", "-p", str(port), "-m", "1", "-nostdin", "-timeout", "10s"],
        capture_output=True, text=True)


class Phone:
    """A phone registered as `name`, answering (or not) with one of the SIPp scenarios."""

    def __init__(self, kamailio, name, directory):
        self.kamailio = kamailio
        self.name = name
        self.port = free_udp_port()
        self.directory = directory
        self.process = None
        result = register(kamailio, name, self.port)
        assert result.returncode == 0, f"{name} did not register: {result.stdout[-500:]}"

    def expect(self, scenario):
        """Waits for one call: `answers` (rings a second, answers) or `rings` (rings until cancelled)."""
        self.process = subprocess.Popen(
            ["sipp", "-sf", str(SIPP / f"phone-{scenario}.xml"), "-s", self.name, "-i", "127.0.0.1",
             "-p", str(self.port), "-m", "1", "-nostdin", "-timeout", "30s", "-trace_err",
             "-error_file", os.path.join(self.directory, f"{self.name}-errors.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        return self

    def finished(self, timeout=20):
        return self.process.wait(timeout=timeout)


class Trunk:
    def __init__(self, kamailio, directory):
        self.kamailio = kamailio
        self.directory = directory

    def call(self, scenario="call", caller="081234567890", address="127.0.0.1", timeout=40):
        """Places one 112 call; returns SIPp's exit code (0: every message as the scenario expects)."""
        callers = pathlib.Path(self.directory) / "callers.csv"
        callers.write_text(f"SEQUENTIAL\n{caller};\n")
        started = time.time()
        result = subprocess.run(
            ["sipp", f"127.0.0.1:{self.kamailio.sip_port}", "-sf", str(SIPP / f"trunk-{scenario}.xml"),
             "-s", "112", "-inf", str(callers), "-i", address, "-p", str(free_udp_port()), "-m", "1", "-nostdin",
             "-timeout", f"{timeout}s", "-trace_err", "-error_file",
             os.path.join(self.directory, "trunk-errors.log")],
            capture_output=True, text=True)
        self.elapsed = time.time() - started
        return result.returncode


@pytest.fixture(scope="session")
def directory():
    path = tempfile.mkdtemp(prefix="siaga-telephony-")
    yield path
    if os.environ.get("SIAGA_KEEP_TELEPHONY_LOGS") != "1":
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def kamailio(directory):
    switch = Kamailio(directory)
    switch.start()
    yield switch
    switch.stop()


@pytest.fixture(scope="session")
def siaga(directory, kamailio):
    server = Siaga(directory, kamailio.evapi_port)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def trunk(kamailio, directory):
    return Trunk(kamailio, directory)


@pytest.fixture
def phones(kamailio, directory):
    made = []

    def phone(name):
        made.append(Phone(kamailio, name, directory))
        return made[-1]

    yield phone
    for made_phone in made:
        if made_phone.process and made_phone.process.poll() is None:
            made_phone.process.kill()


@pytest.fixture
def admin(siaga):
    return Client.signed_in(siaga.base, "admin.3515")


@pytest.fixture
def floor(siaga):
    """The supervisor, who sees every call of the region."""
    return Client.signed_in(siaga.base, "kepala.3515")
