"""Intake and forwarding while every provider is down, against the same with every provider up: the time a call
taker waits for recording a call, opening its incident and forwarding it to two agencies whose ladders reach
WhatsApp, SMS, e-mail and Telegram. Sending happens beside the requests, so the two should not differ. Blocks of
each alternate in one run, so their ratio holds on a shared machine.
Usage: scripts/bench-notify [--incidents 200]"""
import argparse
import json
import pathlib
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from conftest import Client, Providers, Siaga, free_port, wait_until  # noqa: E402

AGENCIES = ["3515-damkar", "3515-psc119", "3515-bpbd", "3515-polisi", "3515-satpolpp", "3515-dishub"]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def intake(operator, index):
    """One emergency from call to forward; returns the seconds the three requests took."""
    started = time.perf_counter()
    call = operator.post("/calls", {"regionCode": "35.15", "channel": "voice112",
                                     "callerNumber": f"0812{index:08d}", "answered": True})["call"]
    incident = operator.post("/incidents", {
        "regionCode": "35.15", "description": f"Kebakaran uji beban {index}", "category": "kebakaran",
        "callId": call["id"], "location": {"address": "Jl. Raya Waru 1", "kecamatanCode": "35.15.18",
                                           "source": "caller"}})["incident"]
    pair = [AGENCIES[index % len(AGENCIES)], AGENCIES[(index + 1) % len(AGENCIES)]]
    operator.post(f"/incidents/{incident['id']}/events", {
        "type": "forward", "version": incident["version"], "agencyIds": pair, "reason": "Uji beban"})
    return time.perf_counter() - started, incident["id"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=200)
    parser.add_argument("--blocks", type=int, default=4)
    arguments = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="siaga-bench-notify-")
    port = free_port()
    providers = Providers(directory, f"http://127.0.0.1:{port}")
    providers.start()
    siaga = Siaga(directory, port)
    siaga.start(providers.channels(siaga.base))
    try:
        providers.smsc.wait_for_binds(1, timeout=20)
        admin = Client.signed_in(siaga.base, "admin.3515")
        operator = Client.signed_in(siaga.base, "operator.3515")
        for number, agency in enumerate(AGENCIES):
            admin.put(f"/agencies/{agency}/notice-ladder", {"rungs": [
                {"channel": "whatsapp", "recipient": f"08129000{number:04d}"},
                {"channel": "sms", "recipient": f"08129000{number:04d}", "afterSeconds": 1},
                {"channel": "telegram", "recipient": f"-100900{number:04d}", "afterSeconds": 1},
                {"channel": "email", "recipient": f"piket{number}@uji.go.id", "afterSeconds": 1},
                {"channel": "phone", "recipient": f"031894{number:04d}", "afterSeconds": 1}]})
        for index in range(10):
            intake(operator, 900_000 + index)
        times = {"up": [], "down": []}
        incidents = []
        per_block = max(1, arguments.incidents // (2 * arguments.blocks))
        index = 0
        for block in range(2 * arguments.blocks):
            phase = "up" if block % 2 == 0 else "down"
            providers.set_down(phase == "down")
            # Down and slow: WhatsApp and Telegram also hold each request until the carrier's 10 s deadline.
            providers.whatsapp.set_delay(12 if phase == "down" else 0)
            providers.telegram.set_delay(12 if phase == "down" else 0)
            for _ in range(per_block):
                seconds, incident = intake(operator, index)
                times[phase].append(seconds)
                incidents.append(incident)
                index += 1
        providers.set_down(False)
        providers.whatsapp.set_delay(0)
        providers.telegram.set_delay(0)
        # Nothing lost: every forward wrote its five notices, whatever the providers did meanwhile.
        notices = sum(len(operator.get(f"/incidents/{incident}/notices")["notices"]) for incident in incidents)
        assert notices == 2 * 5 * len(incidents), f"{notices} notices for {len(incidents)} incidents"
        report = {}
        for phase, values in times.items():
            report[phase] = {"n": len(values), "p50_ms": round(1000 * statistics.median(values), 2),
                             "p99_ms": round(1000 * percentile(values, 0.99), 2)}
        report["ratio_p50_down_over_up"] = round(report["down"]["p50_ms"] / report["up"]["p50_ms"], 3)
        report["ratio_p99_down_over_up"] = round(report["down"]["p99_ms"] / report["up"]["p99_ms"], 3)
        report["notices_written"] = notices
        print(json.dumps(report, indent=2))
    finally:
        siaga.stop()
        providers.stop()


if __name__ == "__main__":
    main()
