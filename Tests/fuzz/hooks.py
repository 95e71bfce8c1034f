"""Schemathesis hooks for Tests/fuzz/run.py, loaded through SCHEMATHESIS_HOOKS once per role.

The role's credentials come from the environment: SIAGA_FUZZ_TOKEN (an API token, sent as a bearer token), or
SIAGA_FUZZ_SESSION and SIAGA_FUZZ_CSRF (a console's session cookie and its CSRF token). They are set as
schemathesis auth rather than as plain headers: the document offers the session cookie and the bearer token as
alternatives, and with plain headers schemathesis fills in the other one with a value of its own (an empty
`Authorization: Bearer`, which the server checks first and refuses with 401). Configured auth satisfies one
alternative, so schemathesis drops what it generated for the others.

The accounts the run signs in with are kept out of the paths of account operations (see touches_own_account).
Every response is also recorded, as one JSON line [role, phase, operation, status, refusal reason, generation mode] in
SIAGA_FUZZ_RECORD: run.py reads it to choose what to fuzz as each role and to find the operations no role got
past authorization."""
import json
import os
import re
import uuid

import schemathesis


@schemathesis.auth(refresh_interval=None)
class RoleAuth:
    def get(self, case, context):
        token = os.environ.get("SIAGA_FUZZ_TOKEN")
        if token:
            return {"token": token}
        return {"session": os.environ["SIAGA_FUZZ_SESSION"], "csrf": os.environ["SIAGA_FUZZ_CSRF"]}

    def set(self, case, data, context):
        if "token" in data:
            case.headers["Authorization"] = f"Bearer {data['token']}"
        else:
            case.cookies = {**(case.cookies or {}), "siaga_sesi": data["session"]}
            # The document's optional X-CSRF-Token parameter is generated like any other: replace it.
            case.headers["X-CSRF-Token"] = data["csrf"]


def touches_own_account(case):
    """A password reset or account change revokes the account's sessions: one aimed at an account the run signs in
    with (SIAGA_FUZZ_ACCOUNTS) would sign the admin itself, or a role still to come, out."""
    return (case.path_parameters or {}).get("username") in os.environ.get("SIAGA_FUZZ_ACCOUNTS", "").split(",")


@schemathesis.hook
def filter_case(context, case):
    return not touches_own_account(case)


@schemathesis.hook
def before_add_examples(context, examples):
    # The examples phase does not go through filter_case.
    examples[:] = [case for case in examples if not touches_own_account(case)]


# What a photo starts with, by the media type it is sent as: the server reads a photo's kind from its first bytes.
PHOTO_SIGNATURES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/webp": b"RIFF\x00\x00\x00\x00WEBP"}
JPEG_SIGNATURE = b"\xff\xd8\xff"


@schemathesis.hook
def before_call(context, case, kwargs):
    """Makes a valid case what a real client sends where the document cannot say it in a schema: a fresh
    Idempotency-Key for each request (generated keys repeat, and a key repeated with another body is refused with
    422), and a photo that starts as its media type says (the document can only say its bytes are a string).
    Invalid cases are left as generated."""
    if case.meta is None or case.meta.generation.mode.value != "positive":
        return
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and re.fullmatch(r"[\x21-\x7E]{1,128}", key):
        case.headers["Idempotency-Key"] = str(uuid.uuid4())
    if case.operation.label == "POST /api/v1/incidents/{id}/attachments" and isinstance(case.body, bytes):
        case.body = PHOTO_SIGNATURES.get(case.media_type, JPEG_SIGNATURE) + case.body


@schemathesis.check
def record_status(ctx, response, case):
    """Never fails: notes how each operation answered, for run.py. A case sent with another method than its
    operation's (the coverage phase tries unexpected ones) is not that operation, and is left out."""
    if case.method.upper() != case.operation.method.upper():
        return
    phase = case.meta.phase.name.value if case.meta else None
    mode = case.meta.generation.mode.value if case.meta else None
    line = [os.environ["SIAGA_FUZZ_ROLE"], phase, case.operation.label, response.status_code, refusal(response),
            mode]
    with open(os.environ["SIAGA_FUZZ_RECORD"], "a") as record:
        record.write(json.dumps(line) + "\n")


def refusal(response):
    """The problem document's `reason` of a 401 or 403 (`notPermitted`, `outsideJurisdiction`…); for a 400 or 422,
    its type's last word and each field named with its code (`validation-failed regionCode:unknownValue`); else
    None."""
    if response.status_code not in (400, 401, 403, 422):
        return None
    try:
        problem = json.loads(response.content)
    except (ValueError, AttributeError):
        return None
    if not isinstance(problem, dict):
        return None
    if response.status_code in (401, 403):
        return problem.get("reason")
    fields = [f"{error.get('field')}:{error.get('code')}" for error in problem.get("errors") or []
              if isinstance(error, dict)]
    return " ".join([str(problem.get("type", "")).rsplit(":", 1)[-1], *fields])
