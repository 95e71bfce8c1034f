"""Fuzzes the API with schemathesis against its own OpenAPI document, on a real server with a fresh database.

Checks: no 5xx for any input, every status code, content type and response body as documented. Runs once per
role, so each operation is reached past authorization by a role that may call it: the call taker, the supervisor,
an agency operator (Damkar), the leader and the admin sign in as a console does (session cookie and CSRF token);
the telephony and BMKG relay tokens send their bearer token. Bounded for CI by SIAGA_FUZZ_EXAMPLES (examples per
operation, default 8); raise it for a longer run."""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests/browser"))
from siaga_api import Client, free_port  # noqa: E402


def main():
    binary = os.environ.get("SIAGA_BINARY", str(ROOT / ".build/debug/siaga"))
    schemathesis = os.environ.get("SCHEMATHESIS", "schemathesis")
    examples = os.environ.get("SIAGA_FUZZ_EXAMPLES", "8")
    directory = tempfile.mkdtemp(prefix="siaga-fuzz-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(directory, "server.log"), "w")
    server = subprocess.Popen([binary, "serve", "--demo", "--database", os.path.join(directory, "siaga.sqlite"),
                               "--port", str(port), "--log-level", "error"], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/api/v1/health", timeout=2):
                    break
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError("the server did not become ready")
                time.sleep(0.3)
        failed = False
        # The place index is built in the background (seconds in a debug build, more on a busy machine): wait for it.
        warm = Client.signed_in(base, "kepala.3515")
        warm.opener.open(urllib.request.Request(base + "/api/v1/places?q=pepelegi&region=35.15"), timeout=120).read()
        roles = {"operator.3515": None, "kepala.3515": None, "damkar.3515": None, "pimpinan.3515": None,
                 "admin.3515": None, "pbx.3515": "s112_demo_pbx_3515", "bmkg-relay": "s112_demo_bmkg"}
        only = os.environ.get("SIAGA_FUZZ_ROLES")  # e.g. "damkar.3515,pbx.3515" for a shorter run
        for role, token in roles.items():
            if only and role not in only.split(","):
                continue
            if token:
                headers = ["-H", f"Authorization: Bearer {token}"]
            else:
                client = Client.signed_in(base, role)
                cookie = next(c for c in client.opener.handlers if hasattr(c, "cookiejar")).cookiejar
                session = next(c.value for c in cookie if c.name == "siaga_sesi")
                headers = ["-H", f"Cookie: siaga_sesi={session}", "-H", f"X-CSRF-Token: {client.csrf}"]
            command = [schemathesis, "run", base + "/api/v1/openapi.json", "--url", base, *headers,
                       "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,"
                                   "content_type_conformance",
                       "--max-examples", examples, "--exclude-path", "/api/v1/session", "--exclude-method", "DELETE",
                       # One worker: with two, Hypothesis parses sources from two threads at once, which CPython's
                       # ast.parse does not survive ("AST constructor recursion depth mismatch").
                       "--workers", "1", "--request-timeout", "30", "--no-color"]
            print(f"fuzzing as {role}", flush=True)
            result = subprocess.run(command)
            failed |= result.returncode != 0
        return 1 if failed else 0
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
