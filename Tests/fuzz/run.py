"""Fuzzes the API with schemathesis against its own OpenAPI document, on a real server with a fresh database.

Checks: no 5xx for any input, every status code, content type and response body as documented. Runs once per
role, so each operation is reached past authorization by a role that may call it: the call taker, the supervisor,
an agency operator (Damkar), the leader and the admin sign in as a console does (session cookie and CSRF token);
the telephony and BMKG relay tokens send their bearer token. Credentials are given to schemathesis as auth, by
Tests/fuzz/hooks.py, which also records every answer. Each role first sends the document's examples, then fuzzes
the operations it may call (all but those the examples showed it lacks the permission for). An operation that
answered every role only 401 or 403 was never tested past authorization: that fails the run too. Bounded for CI
by SIAGA_FUZZ_EXAMPLES (examples per operation, default 8); raise it for a longer run."""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests/browser"))
from siaga_api import Client, free_port  # noqa: E402

ROLES = {"operator.3515": None, "kepala.3515": None, "damkar.3515": None, "pimpinan.3515": None,
         "admin.3515": None, "pbx.3515": "s112_demo_pbx_3515", "bmkg-relay": "s112_demo_bmkg",
         "peer.3578": "s112_demo_peer_3578"}
# Kota Surabaya's deployment as Sidoarjo's neighbour, at an address where nothing answers: its requests are taken
# in through the interop API (the peer.3578 token), and what Sidoarjo sends it waits in the outbox.
PEERS = {"peers": [{"region": "35.78", "name": "112 Kota Surabaya", "url": "http://127.0.0.1:9",
                    "token": "s112_fuzz_unused", "phone": "031-112", "neighbours": ["35.15"]}]}
# The operations not fuzzed over plain HTTP, and where they are tested instead.
NOT_FUZZED = {
    "GET /api/v1/live": "a WebSocket: a plain GET can only get 426 Upgrade Required (LiveFeedUpgradeTests); "
                        "the feed itself is driven by the live-feed tests, the two-instance test and the browser",
}
# The operations whose answers the document links to the next step of the core flows (call → incident → forward →
# acknowledge → … → close, and an offer to a neighbour → withdraw): a role that may call one of them also runs
# schemathesis' stateful phase, which follows the links with the ids the answers carry.
LINK_SOURCES = {"POST /api/v1/calls", "POST /api/v1/incidents", "POST /api/v1/incidents/{id}/events",
                "POST /api/v1/incidents/{id}/transfers"}
# The operations no role gets past authorization here, and why: the run fails on any other.
UNREACHABLE = {
    "GET /metrics": "figures of every region, for national reach with metrics.read: the demo's admin is the "
                    "region's, and its one national token (the BMKG relay) has only warning.submit",
}


def main():
    binary = os.environ.get("SIAGA_BINARY", str(ROOT / ".build/debug/siaga"))
    directory = tempfile.mkdtemp(prefix="siaga-fuzz-")
    base = f"http://127.0.0.1:{free_port()}"
    server = start_server(binary, base, directory)
    try:
        wait_until_ready(base)
        config = deployment_config(base, directory)
        operations = fuzzed_operations(base)
        only = os.environ.get("SIAGA_FUZZ_ROLES")  # e.g. "damkar.3515,pbx.3515" for a shorter run
        roles = [role for role in ROLES if not only or role in only.split(",")]
        # Every response, one JSON line [role, phase, operation, status, refusal, generation mode]; SIAGA_FUZZ_STATUSES
        # keeps them.
        record = os.environ.get("SIAGA_FUZZ_STATUSES") or os.path.join(directory, "statuses.ndjson")
        open(record, "w").close()
        failed = False
        for role in roles:
            failed |= fuzz_role(base, role, record, operations, config)
        if len(roles) == len(ROLES):
            failed |= report_unreached(operations, record)
        return 1 if failed else 0
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(directory, ignore_errors=True)


def start_server(binary, base, directory):
    log = open(os.path.join(directory, "server.log"), "w")
    peers = os.path.join(directory, "peers.json")
    with open(peers, "w") as file:
        json.dump(PEERS, file)
    return subprocess.Popen([binary, "serve", "--demo", "--database", os.path.join(directory, "siaga.sqlite"),
                             "--port", base.rsplit(":", 1)[1], "--log-level", "error", "--peers", peers],
                            stdout=log, stderr=subprocess.STDOUT)


def wait_until_ready(base):
    deadline = time.time() + 120
    while True:
        try:
            with urllib.request.urlopen(base + "/api/v1/health", timeout=2):
                break
        except OSError:
            if time.time() > deadline:
                raise RuntimeError("the server did not become ready")
            time.sleep(0.3)
    # The place index is built in the background (seconds in a debug build, more on a busy machine): wait for it.
    warm = Client.signed_in(base, "kepala.3515")
    warm.opener.open(urllib.request.Request(base + "/api/v1/places?q=pepelegi&region=35.15"), timeout=120).read()


def deployment_config(base, directory):
    """Tests/fuzz/schemathesis.toml with the records this run's demo holds, which are made with fresh ids each
    time: its incidents still open, for the members that name an incident. Written into the run's directory; the
    path is what schemathesis and the hooks read."""
    with open(ROOT / "Tests/fuzz/schemathesis.toml", "rb") as file:
        config = tomllib.load(file)
    incidents = Client.signed_in(base, "kepala.3515").get("/incidents?region=35.15")["items"]
    config["dictionaries"]["incident"] = {"values": [incident["id"] for incident in incidents
                                                     if incident["status"] not in ("closed", "cancelled")]}
    config["parameters"]["body.incidentId"] = {"dictionary": "incident", "probability": 0.5}
    path = os.path.join(directory, "schemathesis.toml")
    with open(path, "w") as file:
        file.write(toml(config))
    return path


def toml(config):
    """The config as TOML: tables of tables whose values are lists of strings, or inline tables of strings and
    numbers (all schemathesis.toml holds)."""
    def value(item):
        if isinstance(item, dict):
            return "{ " + ", ".join(f"{json.dumps(k)} = {value(v)}" for k, v in item.items()) + " }"
        return json.dumps(item)
    lines = []
    for table, members in config.items():
        for name, member in members.items():
            if isinstance(member, dict) and all(not isinstance(v, dict) for v in member.values()) and table != "parameters":
                lines.append(f"[{table}.{json.dumps(name)}]")
                lines += [f"{key} = {value(item)}" for key, item in member.items()]
        if table == "parameters":
            lines.append("[parameters]")
            lines += [f"{json.dumps(name)} = {value(member)}" for name, member in members.items()]
    return "\n".join(lines) + "\n"


def credentials(base, role):
    """The environment Tests/fuzz/hooks.py reads the role's credentials from."""
    if ROLES[role]:
        return {"SIAGA_FUZZ_TOKEN": ROLES[role]}
    client = Client.signed_in(base, role)
    jar = next(handler for handler in client.opener.handlers if hasattr(handler, "cookiejar")).cookiejar
    session = next(cookie.value for cookie in jar if cookie.name == "siaga_sesi")
    return {"SIAGA_FUZZ_SESSION": session, "SIAGA_FUZZ_CSRF": client.csrf}


def fuzzed_operations(base):
    """Every operation of the document that the run fuzzes, as "METHOD /path"."""
    with urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=30) as response:
        paths = json.load(response)["paths"]
    operations = {f"{method.upper()} {path}" for path, item in paths.items() for method in item
                  if method in ("get", "put", "post", "patch") and path != "/api/v1/session"}
    operations -= NOT_FUZZED.keys()
    # schemathesis leaves out the operation it read the document from.
    return operations - {"GET /api/v1/openapi.json"}


def fuzz_role(base, role, record, operations, config):
    """Sends the document's examples as the role, then fuzzes as the role every operation but those its examples
    were all refused with 403 `notPermitted`: the role lacks the permission whatever the input, and fuzzing them
    would only be refused again, thousands of times, at the cost of the run's time. True if either found a
    failure."""
    env = {**os.environ, **credentials(base, role), "SIAGA_FUZZ_ROLE": role, "SIAGA_FUZZ_RECORD": record,
           "SIAGA_FUZZ_ACCOUNTS": ",".join(name for name, token in ROLES.items() if not token),
           "SCHEMATHESIS_HOOKS": str(ROOT / "Tests/fuzz/hooks.py"), "SIAGA_FUZZ_CONFIG": config,
           "SIAGA_FUZZ_BASE": base}
    print(f"fuzzing as {role}: the document's examples", flush=True)
    failed = schemathesis(base, env, config, ["--phases", "examples"]) != 0
    chosen = sorted(operations - not_permitted(record, role))
    print(f"fuzzing as {role}: the {len(chosen)} operations it may call", flush=True)
    if chosen:
        selection = [argument for operation in chosen for argument in ("--include-name", operation)]
        phases = "coverage,fuzzing" + (",stateful" if LINK_SOURCES & set(chosen) else "")
        failed |= schemathesis(base, env, config, ["--phases", phases, *selection]) != 0
    return failed


def not_permitted(record, role):
    """The operations whose every answer to the role so far was 403 `notPermitted`."""
    refused, answered = set(), set()
    for line_role, _, operation, status, reason, _ in read_record(record):
        if line_role == role:
            (refused if (status, reason) == (403, "notPermitted") else answered).add(operation)
    return refused - answered


def schemathesis(base, env, config, arguments):
    command = [os.environ.get("SCHEMATHESIS", "schemathesis"), "run", base + "/api/v1/openapi.json", "--url", base,
               "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,"
                           "content_type_conformance,record_status",
               "--max-examples", os.environ.get("SIAGA_FUZZ_EXAMPLES", "8"),
               "--exclude-path", "/api/v1/session", "--exclude-path", "/api/v1/live", "--exclude-method", "DELETE",
               # One worker: with two, Hypothesis parses sources from two threads at once, which CPython's
               # ast.parse does not survive ("AST constructor recursion depth mismatch").
               "--workers", "1",
               # Every run starts with schemathesis's probe of a NUL byte in a header, which the server never
               # answers: it costs the whole timeout. The slowest answer otherwise is well under a second.
               "--request-timeout", "5", "--no-color", *arguments]
    # The demo's own data (shifts, kecamatan, agencies, incidents…) for half of the values that name them.
    command[1:1] = ["--config-file", config]
    return subprocess.run(command, env=env).returncode


def read_record(record):
    with open(record) as lines:
        return [json.loads(line) for line in lines]


def report_unreached(operations, record):
    """Prints the fuzzed operations that answered every role only 401 or 403; true if there are any."""
    reached = {operation for _, _, operation, status, _, _ in read_record(record) if status not in (401, 403)}
    unreached = sorted(operations - reached - UNREACHABLE.keys())
    if unreached:
        print("Answered every role only 401 or 403 (reached by no role):", *unreached, sep="\n  ")
    return bool(unreached)


if __name__ == "__main__":
    sys.exit(main())
