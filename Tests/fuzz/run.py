"""Fuzzes the API with schemathesis against its own OpenAPI document, on a real server with a fresh database.

Checks: no 5xx for any input, every status code, content type and response body as documented. Runs as a
regional supervisor and as a regional admin (so the admin's routes are fuzzed too). Bounded for CI by
SIAGA_FUZZ_EXAMPLES (examples per operation, default 8); raise it for a longer run."""
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
        for username in ["kepala.3515", "admin.3515"]:
            client = Client.signed_in(base, username)
            if username == "kepala.3515":  # the place index is built in the background: wait for it once
                client.get("/places?q=pepelegi&region=35.15")
            cookie = next(c for c in client.opener.handlers if hasattr(c, "cookiejar")).cookiejar
            session = next(c.value for c in cookie if c.name == "siaga_sesi")
            command = [schemathesis, "run", base + "/api/v1/openapi.json", "--url", base,
                       "-H", f"Cookie: siaga_sesi={session}", "-H", f"X-CSRF-Token: {client.csrf}",
                       "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,"
                                   "content_type_conformance",
                       "--max-examples", examples, "--exclude-path", "/api/v1/session", "--exclude-method", "DELETE",
                       "--workers", "2", "--request-timeout", "30", "--no-color"]
            print(f"fuzzing as {username}", flush=True)
            result = subprocess.run(command)
            failed |= result.returncode != 0
        return 1 if failed else 0
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
