"""The SIP front end's benchmark: how long from a 112 INVITE at kamailio to the call taker's phone ringing (the
180 back at the trunk) when Siaga112 decides which phones ring, against kamailio ringing the same phone with no
decision (its fallback path, taken when no Siaga112 is connected); and how many calls a second the whole path
carries, each recorded by Siaga112. Both measured in one run, so their ratio holds on a shared machine.
Usage: scripts/bench-telephony [--calls 200] [--rate 20]"""
import argparse
import os
import pathlib
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from conftest import SIPP, Client, Kamailio, Siaga, free_udp_port, register, wait_until  # noqa: E402


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Caller:
    """A trunk that places one call at a time and times INVITE → 180 with the monotonic clock (SIPp counts whole
    milliseconds, too coarse for kamailio on loopback)."""

    def __init__(self, kamailio):
        self.target = ("127.0.0.1", kamailio.sip_port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", free_udp_port()))
        self.sock.settimeout(5)
        self.port = self.sock.getsockname()[1]

    def request(self, method, uri, call_id, tag, cseq, to, routes=()):
        branch = "z9hG4bK" + uuid.uuid4().hex
        lines = [f"{method} {uri} SIP/2.0", f"Via: SIP/2.0/UDP 127.0.0.1:{self.port};branch={branch}",
                 f"From: <sip:{self.caller}@127.0.0.1>;tag={tag}", f"To: {to}", f"Call-ID: {call_id}",
                 f"CSeq: {cseq} {method}", f"Contact: <sip:trunk@127.0.0.1:{self.port}>", "Max-Forwards: 70"]
        lines += [f"Route: {route}" for route in routes]
        self.sock.sendto(("\r\n".join(lines + ["Content-Length: 0", "", ""])).encode(), self.target)

    def responses(self, call_id):
        while True:
            text = self.sock.recv(65535).decode(errors="replace")
            if f"Call-ID: {call_id}" in text and text.startswith("SIP/2.0"):
                yield int(text.split(" ", 2)[1]), text

    def call(self, caller):
        """One call, answered and hung up; the seconds from INVITE to the first 180."""
        self.caller = caller
        call_id, tag = uuid.uuid4().hex + "@bench", uuid.uuid4().hex[:8]
        to = f"<sip:112@127.0.0.1:{self.target[1]}>"
        started = time.perf_counter()
        self.request("INVITE", f"sip:112@127.0.0.1:{self.target[1]}", call_id, tag, 1, to)
        ringing = None
        for status, text in self.responses(call_id):
            if status == 180 and ringing is None:
                ringing = time.perf_counter() - started
            if status >= 200:
                break
        assert status == 200, f"call answered {status}"
        to = re.search(r"^To: (.*)$", text, re.M).group(1).strip()
        contact = re.search(r"^Contact: <([^>]*)>", text, re.M).group(1)
        routes = list(reversed([r.strip() for r in re.findall(r"^Record-Route: (.*)$", text, re.M)]))
        self.request("ACK", contact, call_id, tag, 1, to, routes)
        self.request("BYE", contact, call_id, tag, 2, to, routes)
        for status, _ in self.responses(call_id):
            if status >= 200:
                break
        return ringing


def time_calls(kamailio, calls, caller_prefix):
    """Places `calls` calls one after another; the INVITE→180 times in milliseconds."""
    caller = Caller(kamailio)
    return [caller.call(f"08{caller_prefix}{i:06d}") * 1000 for i in range(calls)]


def run_calls(kamailio, directory, calls, rate, caller_prefix):
    """Offers `calls` calls at `rate` a second with SIPp; returns the calls that failed and the seconds taken."""
    callers = pathlib.Path(directory) / f"callers-{caller_prefix}.csv"
    callers.write_text("SEQUENTIAL\n" + "".join(f"08{caller_prefix}{i:06d};\n" for i in range(calls)))
    started = time.time()
    result = subprocess.run(
        ["sipp", f"127.0.0.1:{kamailio.sip_port}", "-sf", str(SIPP / "trunk-bench.xml"), "-s", "112",
         "-inf", str(callers), "-i", "127.0.0.1", "-p", str(free_udp_port()), "-m", str(calls), "-r", str(rate),
         "-l", "200", "-nostdin", "-timeout", "300s", "-trace_stat", "-stf",
         os.path.join(directory, f"stat-{caller_prefix}.csv")],
        cwd=directory, capture_output=True, text=True)
    elapsed = time.time() - started
    failed = 0
    if result.returncode != 0:
        match = re.search(r"Failed call\s*\|\s*\d+\s*\|\s*(\d+)", result.stdout)
        failed = int(match.group(1)) if match else calls
    return failed, elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rate", type=int, default=20)
    arguments = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="siaga-bench-telephony-")
    kamailio = Kamailio(directory, fallback="op3515", ring_ms=20000)
    kamailio.start()
    siaga = Siaga(directory, kamailio.evapi_port)
    siaga.start()
    phone = None
    try:
        Client.signed_in(siaga.base, "operator.3515")
        assert register(kamailio, "op3515", port := free_udp_port()).returncode == 0
        phone = subprocess.Popen(["sipp", "-sf", str(SIPP / "phone-bench.xml"), "-s", "op3515", "-i", "127.0.0.1",
                                  "-p", str(port), "-nostdin", "-l", "400"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, cwd=directory)
        time.sleep(0.5)
        # Warm both paths, then time them back to back, one call at a time.
        time_calls(kamailio, 20, "11")
        decided = time_calls(kamailio, arguments.calls, "12")
        siaga.stop()
        time.sleep(0.5)
        direct = time_calls(kamailio, arguments.calls, "13")
        siaga.start()
        session = Client.signed_in(siaga.base, "operator.3515")
        report("with Siaga112 deciding", decided)
        report("kamailio alone (no decision)", direct)
        print(f"ratio (deciding / alone): median {statistics.median(decided) / statistics.median(direct):.2f}x, "
              f"p99 {percentile(decided, 0.99) / percentile(direct, 0.99):.2f}x; "
              f"the decision adds {statistics.median(decided) - statistics.median(direct):.2f} ms at the median")
        # The whole path under load: offered at the rate, every call answered and recorded by Siaga112.
        failed, seconds = run_calls(kamailio, directory, arguments.calls, arguments.rate, "14")
        recorded = wait_until(lambda: _count(session, "+62814") >= arguments.calls - failed and
                              _count(session, "+62814"), 120, "every call recorded")
        print(f"whole path: {arguments.calls - failed} of {arguments.calls} calls offered at {arguments.rate}/s "
              f"answered in {seconds:.1f} s, {recorded} recorded by Siaga112")
    finally:
        if phone:
            phone.kill()
        siaga.stop()
        kamailio.stop()


def _count(session, prefix):
    """Calls from numbers starting with `prefix`, paging back through the newest calls."""
    count, before = 0, None
    while True:
        page = session.get("/calls?region=35.15&limit=200" + (f"&before={before}" if before else ""))["items"]
        count += sum(1 for call in page if call.get("callerNumber", "").startswith(prefix))
        if len(page) < 200 or not any(call.get("callerNumber", "").startswith(prefix) for call in page):
            return count
        before = page[-1]["ringAt"]


def report(name, times):
    print(f"{name}: INVITE→180 median {statistics.median(times):.2f} ms, p90 {percentile(times, 0.9):.2f} ms, "
          f"p99 {percentile(times, 0.99):.2f} ms over {len(times)} calls")


if __name__ == "__main__":
    main()
