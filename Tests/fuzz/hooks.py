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
import random
import re
import tomllib
import urllib.request
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
    if case.meta.phase.name.value in ("examples", "coverage"):
        bind_deployment(case)
    read_before_writing(case)
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and re.fullmatch(r"[\x21-\x7E]{1,128}", key):
        case.headers["Idempotency-Key"] = str(uuid.uuid4())
    if case.operation.label == "POST /api/v1/incidents/{id}/attachments" and isinstance(case.body, (bytes, str)):
        # Generated as text (the schema of a photo is a string of its bytes): sent as those bytes.
        body = case.body.encode() if isinstance(case.body, str) else case.body
        case.body = PHOTO_SIGNATURES.get(case.media_type, JPEG_SIGNATURE) + body


def deployment_bindings():
    """The config's dictionaries (SIAGA_FUZZ_CONFIG, the file run.py passes schemathesis) by the parameter each is
    bound to: [(location, path, values, probability)], e.g. ("body", ["location", "kecamatanCode"], [...], 0.5)."""
    path = os.environ.get("SIAGA_FUZZ_CONFIG")
    if not path:
        return []
    with open(path, "rb") as file:
        config = tomllib.load(file)
    dictionaries = config.get("dictionaries", {})
    bindings = []
    for name, binding in config.get("parameters", {}).items():
        location, _, rest = name.partition(".")
        bindings.append((location, rest.replace("[*]", ".*").split("."),
                         dictionaries[binding["dictionary"]]["values"], binding.get("probability", 1.0)))
    return bindings


BINDINGS = deployment_bindings()
CHOICE = random.Random(112)


def bind(container, path, values, probability):
    """Replaces, with `probability`, each value at `path` in `container` by one of `values`."""
    if not path or container is None:
        return
    key, rest = path[0], path[1:]
    if key == "*":
        if isinstance(container, list):
            for index in range(len(container)):
                if rest:
                    bind(container[index], rest, values, probability)
                elif isinstance(container[index], str) and CHOICE.random() < probability:
                    container[index] = CHOICE.choice(values)
        return
    if not isinstance(container, dict) or key not in container:
        return
    if rest:
        bind(container[key], rest, values, probability)
    elif isinstance(container[key], str) and CHOICE.random() < probability:
        container[key] = CHOICE.choice(values)


def bind_deployment(case):
    """What schemathesis does with the config's dictionaries in the fuzzing and stateful phases, done for the
    examples and coverage phases, which do not apply them: the same share of the values that name the
    deployment's shifts, kecamatan, agencies… are replaced by ones it has."""
    parts = {"path": case.path_parameters, "query": case.query, "body": case.body}
    for location, path, values, probability in BINDINGS:
        bind(parts.get(location), path, values, probability)


# The writes that carry the version of what they change, and where that is read.
VERSIONED = {"POST /api/v1/incidents/{id}/events": "/api/v1/incidents/{id}", "PATCH /api/v1/calls/{id}": "/api/v1/calls/{id}"}


def read_before_writing(case):
    """A client sends the version it read: for half of the valid writes that carry one, the current version of
    the record in the path, read first as the role (a generated number is almost never current, and the write is
    then refused with 409 before the handler's work)."""
    source = VERSIONED.get(case.operation.label)
    if not source or not isinstance(case.body, dict) or not isinstance(case.body.get("version"), int):
        return
    identifier = (case.path_parameters or {}).get("id")
    if not isinstance(identifier, str) or not re.fullmatch(r"[0-9a-f-]{36}", identifier) or CHOICE.random() < 0.5:
        return
    request = urllib.request.Request(os.environ["SIAGA_FUZZ_BASE"] + source.replace("{id}", identifier))
    token = os.environ.get("SIAGA_FUZZ_TOKEN")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    else:
        request.add_header("Cookie", f"siaga_sesi={os.environ['SIAGA_FUZZ_SESSION']}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            version = json.load(response).get("version")
    except (OSError, ValueError):
        return
    if isinstance(version, int):
        case.body["version"] = version


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
