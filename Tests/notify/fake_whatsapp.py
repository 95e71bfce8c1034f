"""A local stand-in for the WhatsApp Business Cloud API, for end-to-end tests of Siaga112's WhatsApp channel.

It answers `POST /{version}/{phone-number-id}/messages` as the Graph API does: a bearer token is required, a
template message is checked against the approved templates it knows (name, language, number of body parameters,
the parameter text rules, quick-reply payloads), and refusals come back as the Graph API's error document with
its status and code. Each accepted message is recorded with a `wamid`. The helpers then play the other side: a
duty officer pressing the button, a delivery report, a text reply, Meta's verification request, each posted to
Siaga112's webhook as Meta posts it, signed with `X-Hub-Signature-256` under the app secret.

    fake = FakeWhatsApp(webhook_url, app_secret="…", access_token="…")
    base = fake.start()          # http://127.0.0.1:<port>, Siaga112's apiBase
    message = fake.wait_for_messages(1)[0]
    fake.press_button(message, "Budi Santoso")
"""
import base64
import dataclasses
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The approved template Siaga112 sends: body {{1}} is the notice, button 0 a quick reply that acknowledges.
DEFAULT_TEMPLATES = {("siaga112_penerusan", "id"): {"body_parameters": 1, "quick_replies": 1}}

ERROR_CODES_URL = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"


@dataclasses.dataclass
class SentMessage:
    """One template message the fake accepted."""
    id: str
    to: str
    template: str
    language: str
    body_parameters: list
    button_payloads: list
    biz_opaque_callback_data: str | None
    request: dict

    @property
    def button_payload(self):
        return self.button_payloads[0] if self.button_payloads else None


class GraphError(Exception):
    """A refusal, answered as the Graph API's error document."""

    def __init__(self, status, code, message, details=None, error_type="OAuthException", subcode=None):
        super().__init__(message)
        self.status = status
        self.document = {"message": message, "type": error_type, "code": code, "fbtrace_id": _trace_id()}
        if subcode is not None:
            self.document["error_subcode"] = subcode
        if details is not None:
            self.document["error_data"] = {"messaging_product": "whatsapp", "details": details}


def _trace_id():
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("=")[:23]


def _new_wamid(to):
    # Real ids are base64 of a small binary record holding the recipient; this keeps that look.
    record = b"\x1c\x18" + bytes([len(to)]) + to.encode() + b"\x15\x02\x00\x11\x18\x12" + secrets.token_hex(9).encode()
    return "wamid." + base64.b64encode(record + b"\x00").decode()


def _missing(name):
    return GraphError(400, 100, f"(#100) The parameter {name} is required.")


def _invalid(name, details=None):
    return GraphError(400, 100, "(#100) Invalid parameter", details or f"Parameter {name} is invalid.")


def check_template_message(payload, templates):
    """Checks a send request as the Cloud API would; returns the parts a test looks at, or raises GraphError."""
    if not isinstance(payload, dict):
        raise GraphError(400, 100, "(#100) Invalid parameter", "Request body is not a JSON object")
    if payload.get("messaging_product") is None:
        raise _missing("messaging_product")
    if payload["messaging_product"] != "whatsapp":
        raise _invalid("messaging_product")
    to = payload.get("to")
    if not to:
        raise _missing("to")
    if not isinstance(to, str) or not re.fullmatch(r"\+?[0-9]{6,15}", to):
        raise _invalid("to", "Invalid WhatsApp phone number")
    if payload.get("recipient_type", "individual") != "individual":
        raise _invalid("recipient_type")
    if payload.get("type", "text") != "template":
        raise _invalid("type", "This fake accepts template messages only, as Siaga112 sends outside a session")
    opaque = payload.get("biz_opaque_callback_data")
    if opaque is not None and (not isinstance(opaque, str) or len(opaque) > 512):
        raise _invalid("biz_opaque_callback_data", "biz_opaque_callback_data must be a string of at most 512")
    template = payload.get("template")
    if not isinstance(template, dict):
        raise _missing("template")
    name = template.get("name")
    language = (template.get("language") or {}).get("code") if isinstance(template.get("language"), dict) else None
    if not name:
        raise _missing("template[name]")
    if not language:
        raise _missing("template[language][code]")
    approved = templates.get((name, language))
    if approved is None:
        raise GraphError(404, 132001, "(#132001) Template name does not exist in the translation",
                         f"template name ({name}) does not exist in {language}")
    body_parameters, payloads = _read_components(template.get("components", []))
    if len(body_parameters) != approved["body_parameters"]:
        raise GraphError(400, 132000, "(#132000) Number of parameters does not match the expected number of params",
                         f"body: number of localizable_params ({len(body_parameters)}) does not match the expected "
                         f"number of params ({approved['body_parameters']})")
    if len(payloads) != approved["quick_replies"]:
        raise GraphError(400, 131008, "(#131008) Required parameter is missing",
                         f"buttons: expected {approved['quick_replies']} quick reply payload(s), got {len(payloads)}")
    return to, name, language, body_parameters, payloads, opaque


def _read_components(components):
    if not isinstance(components, list):
        raise _invalid("components")
    body_parameters, payloads = [], []
    for component in components:
        kind = str(component.get("type", "")).lower()
        parameters = component.get("parameters", [])
        if kind == "body":
            for parameter in parameters:
                if parameter.get("type") != "text" or not isinstance(parameter.get("text"), str):
                    raise _invalid("components[body][parameters]")
                text = parameter["text"]
                if not text.strip():
                    raise GraphError(400, 131008, "(#131008) Required parameter is missing",
                                     "body: parameter text is empty")
                if re.search(r"[\n\t]| {5,}", text):
                    raise GraphError(400, 132018, "(#132018) There was an issue with the parameters in your template.",
                                     "Param text cannot have new-line/tab characters or more than 4 consecutive "
                                     "spaces")
                body_parameters.append(text)
        elif kind == "button":
            if component.get("sub_type") != "quick_reply":
                raise _invalid("components[button][sub_type]")
            if str(component.get("index", "")) not in {"0", "1", "2"}:
                raise _invalid("components[button][index]")
            for parameter in parameters:
                payload = parameter.get("payload")
                if parameter.get("type") != "payload" or not isinstance(payload, str) or not payload:
                    raise GraphError(400, 131008, "(#131008) Required parameter is missing",
                                     "buttons: Button at index 0 of type Quick_reply requires a payload")
                payloads.append(payload)
        else:
            raise _invalid("components[type]")
    return body_parameters, payloads


class FakeWhatsApp:
    def __init__(self, webhook_url, app_secret, access_token, phone_number_id="106540352242922",
                 display_phone_number="15550783881", business_account_id="102290129340398", templates=None):
        self.webhook_url = webhook_url
        self.app_secret = app_secret
        self.access_token = access_token
        self.phone_number_id = phone_number_id
        self.display_phone_number = display_phone_number
        self.business_account_id = business_account_id
        self.templates = dict(DEFAULT_TEMPLATES if templates is None else templates)
        self.messages = []
        self.refusals = []
        self.down = False
        self.delay = 0.0
        self._lock = threading.Condition()
        self._server = None

    # -- lifecycle

    def start(self):
        """Serves on a free loopback port; returns the base URL to configure as Siaga112's `apiBase`."""
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self.base_url

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *_):
        self.stop()

    def set_down(self, down=True):
        """While down, every API call is answered 503 with a transient Graph error."""
        self.down = down

    def set_delay(self, seconds):
        """Answers each API call only after this many seconds (for a client's timeout)."""
        self.delay = seconds

    def wait_for_messages(self, count, timeout=10):
        """Waits until at least `count` messages were accepted; returns them all."""
        with self._lock:
            if not self._lock.wait_for(lambda: len(self.messages) >= count, timeout):
                raise AssertionError(f"expected {count} WhatsApp message(s), got {len(self.messages)}")
            return list(self.messages)

    # -- the API

    def _answer(self, method, path, headers, raw):
        if self.delay:
            time.sleep(self.delay)
        if self.down:
            raise GraphError(503, 2, "(#2) Service temporarily unavailable", error_type="OAuthException")
        match = re.fullmatch(r"/(v\d+\.\d+)/([^/]+)/messages", urllib.parse.urlsplit(path).path)
        if method != "POST" or not match:
            raise GraphError(400, 100, f"Unsupported {method.lower()} request.", error_type="GraphMethodException",
                             subcode=33)
        authorization = headers.get("Authorization", "")
        if not authorization.startswith("Bearer ") or not hmac.compare_digest(
                authorization.removeprefix("Bearer ").encode(), self.access_token.encode()):
            raise GraphError(401, 190, "Invalid OAuth access token - Cannot parse access token")
        if match.group(2) != self.phone_number_id:
            raise GraphError(400, 100, f"Unsupported post request. Object with ID '{match.group(2)}' does not exist, "
                             "cannot be loaded due to missing permissions, or does not support this operation.",
                             error_type="GraphMethodException", subcode=33)
        try:
            payload = json.loads(raw or b"null")
        except ValueError:
            raise GraphError(400, 100, "(#100) Invalid parameter", "Request body is not valid JSON") from None
        to, name, language, parameters, payloads, opaque = check_template_message(payload, self.templates)
        message = SentMessage(_new_wamid(to.lstrip("+")), to.lstrip("+"), name, language, parameters, payloads,
                              opaque, payload)
        with self._lock:
            self.messages.append(message)
            self._lock.notify_all()
        return 200, {"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": message.to}],
                     "messages": [{"id": message.id, "message_status": "accepted"}]}

    # -- the other side, into Siaga112's webhook

    def press_button(self, message, sender_name="Budi Santoso", payload=None, interactive=False):
        """The recipient presses the message's quick-reply button (or an interactive reply button)."""
        payload = message.button_payload if payload is None else payload
        incoming = {"context": {"from": self.display_phone_number, "id": message.id}, "from": message.to,
                    "id": _new_wamid(message.to), "timestamp": str(int(time.time()))}
        if interactive:
            incoming |= {"type": "interactive",
                         "interactive": {"type": "button_reply", "button_reply": {"id": payload, "title": "Terima"}}}
        else:
            incoming |= {"type": "button", "button": {"payload": payload, "text": "Terima"}}
        return self.post_webhook(self._value(messages=[incoming], contact=(message.to, sender_name)))

    def reply_text(self, message, text, sender_name="Budi Santoso"):
        """The recipient of `message` (or the number `message`) writes back."""
        sender = message.to if isinstance(message, SentMessage) else str(message)
        incoming = {"from": sender, "id": _new_wamid(sender), "timestamp": str(int(time.time())), "type": "text",
                    "text": {"body": text}}
        if isinstance(message, SentMessage):
            incoming["context"] = {"from": self.display_phone_number, "id": message.id}
        return self.post_webhook(self._value(messages=[incoming], contact=(sender, sender_name)))

    def send_status(self, message, status, error_code=131026, error_title="Message undeliverable",
                    error_details="Message Undeliverable."):
        """A delivery report on `message`: "sent", "delivered", "read" or "failed"."""
        if status not in {"sent", "delivered", "read", "failed"}:
            raise ValueError(f"not a status the Cloud API reports: {status}")
        report = {"id": message.id, "status": status, "timestamp": str(int(time.time())),
                  "recipient_id": message.to}
        if message.biz_opaque_callback_data is not None:
            report["biz_opaque_callback_data"] = message.biz_opaque_callback_data
        if status == "failed":
            report["errors"] = [{"code": error_code, "title": error_title, "message": error_title,
                                 "error_data": {"details": error_details}, "href": ERROR_CODES_URL}]
        else:
            report["conversation"] = {"id": secrets.token_hex(16), "origin": {"type": "utility"}}
            if status == "sent":
                report["conversation"]["expiration_timestamp"] = str(int(time.time()) + 86400)
            report["pricing"] = {"billable": True, "pricing_model": "PMP", "category": "utility",
                                 "type": "regular"}
        return self.post_webhook(self._value(statuses=[report]))

    def verify_webhook(self, verify_token, challenge="1158201444"):
        """Meta's GET handshake when the webhook is configured; returns (status, body)."""
        query = urllib.parse.urlencode({"hub.mode": "subscribe", "hub.challenge": challenge,
                                        "hub.verify_token": verify_token})
        separator = "&" if "?" in self.webhook_url else "?"
        return _send(urllib.request.Request(f"{self.webhook_url}{separator}{query}", method="GET"))

    def _value(self, messages=None, statuses=None, contact=None):
        value = {"messaging_product": "whatsapp",
                 "metadata": {"display_phone_number": self.display_phone_number,
                              "phone_number_id": self.phone_number_id}}
        if contact:
            value["contacts"] = [{"profile": {"name": contact[1]}, "wa_id": contact[0]}]
        if messages:
            value["messages"] = messages
        if statuses:
            value["statuses"] = statuses
        return {"object": "whatsapp_business_account",
                "entry": [{"id": self.business_account_id, "changes": [{"value": value, "field": "messages"}]}]}

    def signature(self, body):
        return "sha256=" + hmac.new(self.app_secret.encode(), body, hashlib.sha256).hexdigest()

    def post_webhook(self, document, signature=None):
        """Posts a notification as Meta does (compact JSON, non-ASCII escaped, signed); returns (status, body).
        `signature` replaces the computed header, "" leaves it out."""
        body = json.dumps(document, separators=(",", ":")).encode()
        request = urllib.request.Request(self.webhook_url, data=body, method="POST")
        request.add_header("Content-Type", "application/json")
        request.add_header("User-Agent", "facebookexternalua")
        header = self.signature(body) if signature is None else signature
        if header:
            request.add_header("X-Hub-Signature-256", header)
        return _send(request)


def _send(request):
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _handler(fake):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            self._serve()

        def do_GET(self):
            self._serve()

        def _serve(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                status, document = fake._answer(self.command, self.path, self.headers, raw)
            except GraphError as error:
                fake.refusals.append(error.document)
                status, document = error.status, {"error": error.document}
            body = json.dumps(document).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (set_delay), as it should

        def log_message(self, *_):
            pass

    return Handler
