"""The WhatsApp and Telegram fakes keep to the documented shapes: what they accept and refuse, what they answer,
and what they post to a webhook (recorded here by a small receiver in place of Siaga112)."""
import hashlib
import hmac
import json
import pathlib
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from fake_telegram import FakeTelegram  # noqa: E402
from fake_whatsapp import FakeWhatsApp  # noqa: E402

APP_SECRET = "rahasia-aplikasi"
ACCESS_TOKEN = "EAAG-siaga112-token"
WEBHOOK_SECRET = "siaga112-webhook_Secret"
TOKEN = "a1.Zm9vYmFyLWJhei0xMjM0NTY3ODkw"


class Receiver:
    """Records every request to it and answers 200, as Siaga112's webhook would."""

    def __init__(self):
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append(("POST", self.path, dict(self.headers), raw))
                self._reply(b"")

            def do_GET(self):
                receiver.requests.append(("GET", self.path, dict(self.headers), b""))
                query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
                self._reply(query.get("hub.challenge", "").encode())

            def _reply(self, body):
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhook"

    def last(self):
        method, path, headers, raw = self.requests[-1]
        return headers, raw, (json.loads(raw) if raw else None)


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def whatsapp(receiver):
    fake = FakeWhatsApp(receiver.url, APP_SECRET, ACCESS_TOKEN)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def telegram(receiver):
    fake = FakeTelegram(receiver.url, WEBHOOK_SECRET)
    fake.start()
    yield fake
    fake.stop()


def call(url, document=None, headers=None, raw=None, content_type="application/json"):
    data = raw if raw is not None else (None if document is None else json.dumps(document).encode())
    request = urllib.request.Request(url, data=data, method="POST")
    request.add_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, text


def template_message(text="Kebakaran rumah · Desa Sekardangan", payload=TOKEN, to="6281234567890"):
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": "template",
            "template": {"name": "siaga112_penerusan", "language": {"code": "id"},
                         "components": [{"type": "body", "parameters": [{"type": "text", "text": text}]},
                                        {"type": "button", "sub_type": "quick_reply", "index": "0",
                                         "parameters": [{"type": "payload", "payload": payload}]}]},
            "biz_opaque_callback_data": "n-41.1"}


def send_whatsapp(fake, document, token=ACCESS_TOKEN, phone_number_id=None):
    url = f"{fake.base_url}/v21.0/{phone_number_id or fake.phone_number_id}/messages"
    return call(url, document, {"Authorization": f"Bearer {token}"} if token else {})


def verify_meta_signature(headers, raw):
    expected = "sha256=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers.get("X-Hub-Signature-256", ""), expected)


# -- WhatsApp: the send API


def test_whatsapp_accepts_the_template_and_answers_a_wamid(whatsapp):
    status, answer = send_whatsapp(whatsapp, template_message())

    assert status == 200
    assert answer["messaging_product"] == "whatsapp"
    assert answer["contacts"] == [{"input": "6281234567890", "wa_id": "6281234567890"}]
    wamid = answer["messages"][0]["id"]
    assert wamid.startswith("wamid.") and answer["messages"][0]["message_status"] == "accepted"
    [message] = whatsapp.wait_for_messages(1)
    assert (message.id, message.to, message.template, message.language) == (
        wamid, "6281234567890", "siaga112_penerusan", "id")
    assert message.body_parameters == ["Kebakaran rumah · Desa Sekardangan"]
    assert message.button_payload == TOKEN
    assert message.biz_opaque_callback_data == "n-41.1"


@pytest.mark.parametrize("token", [None, "EAAG-wrong"])
def test_whatsapp_refuses_a_missing_or_wrong_bearer_token(whatsapp, token):
    status, answer = send_whatsapp(whatsapp, template_message(), token=token)

    assert status == 401
    assert answer["error"]["code"] == 190 and answer["error"]["type"] == "OAuthException"
    assert answer["error"]["fbtrace_id"]
    assert whatsapp.messages == []


@pytest.mark.parametrize("change, status, code", [
    (lambda m: m.pop("messaging_product"), 400, 100),
    (lambda m: m.pop("to"), 400, 100),
    (lambda m: m.update(to="not-a-number"), 400, 100),
    (lambda m: m["template"].update(name="tidak_ada"), 404, 132001),
    (lambda m: m["template"]["components"][0]["parameters"].clear(), 400, 132000),
    (lambda m: m["template"]["components"][0]["parameters"][0].update(text="baris\nbaru"), 400, 132018),
    (lambda m: m["template"]["components"][0]["parameters"][0].update(text="lima     spasi"), 400, 132018),
    (lambda m: m["template"]["components"][1]["parameters"][0].pop("payload"), 400, 131008),
    (lambda m: m.update(biz_opaque_callback_data="x" * 513), 400, 100),
])
def test_whatsapp_refuses_what_the_cloud_api_refuses(whatsapp, change, status, code):
    message = template_message()
    change(message)

    answered, answer = send_whatsapp(whatsapp, message)

    assert (answered, answer["error"]["code"]) == (status, code)
    assert answer["error"]["message"].startswith(f"(#{code})")
    assert whatsapp.messages == []


def test_whatsapp_refuses_another_phone_number_id(whatsapp):
    status, answer = send_whatsapp(whatsapp, template_message(), phone_number_id="999")

    assert status == 400 and answer["error"]["code"] == 100 and answer["error"]["error_subcode"] == 33


def test_whatsapp_down_answers_503_with_a_transient_error(whatsapp):
    whatsapp.set_down(True)
    status, answer = send_whatsapp(whatsapp, template_message())
    whatsapp.set_down(False)

    assert status == 503 and answer["error"]["code"] == 2
    assert send_whatsapp(whatsapp, template_message())[0] == 200


# -- WhatsApp: the webhook side


def test_whatsapp_button_press_is_a_signed_button_message(whatsapp, receiver):
    send_whatsapp(whatsapp, template_message())
    [message] = whatsapp.wait_for_messages(1)

    status, _ = whatsapp.press_button(message, "Budi Santoso")

    assert status == 200
    headers, raw, body = receiver.last()
    assert headers["Content-Type"] == "application/json"
    assert verify_meta_signature(headers, raw)
    assert body["object"] == "whatsapp_business_account"
    [change] = body["entry"][0]["changes"]
    assert change["field"] == "messages"
    value = change["value"]
    assert value["metadata"]["phone_number_id"] == whatsapp.phone_number_id
    assert value["contacts"] == [{"profile": {"name": "Budi Santoso"}, "wa_id": "6281234567890"}]
    [incoming] = value["messages"]
    assert incoming["type"] == "button" and incoming["from"] == "6281234567890"
    assert incoming["button"] == {"payload": TOKEN, "text": "Terima"}
    assert incoming["context"]["id"] == message.id


def test_whatsapp_interactive_press_carries_the_token_as_reply_id(whatsapp, receiver):
    send_whatsapp(whatsapp, template_message())
    [message] = whatsapp.wait_for_messages(1)

    whatsapp.press_button(message, "Budi Santoso", interactive=True)

    headers, raw, body = receiver.last()
    incoming = body["entry"][0]["changes"][0]["value"]["messages"][0]
    assert verify_meta_signature(headers, raw)
    assert incoming["type"] == "interactive"
    assert incoming["interactive"] == {"type": "button_reply", "button_reply": {"id": TOKEN, "title": "Terima"}}


@pytest.mark.parametrize("status", ["sent", "delivered", "read", "failed"])
def test_whatsapp_status_reports_name_the_wamid_and_reference(whatsapp, receiver, status):
    send_whatsapp(whatsapp, template_message())
    [message] = whatsapp.wait_for_messages(1)

    whatsapp.send_status(message, status)

    headers, raw, body = receiver.last()
    assert verify_meta_signature(headers, raw)
    [report] = body["entry"][0]["changes"][0]["value"]["statuses"]
    assert (report["id"], report["status"], report["recipient_id"]) == (message.id, status, "6281234567890")
    assert report["biz_opaque_callback_data"] == "n-41.1"
    if status == "failed":
        assert report["errors"][0]["code"] == 131026
        assert report["errors"][0]["error_data"]["details"]
        assert "pricing" not in report
    else:
        assert report["pricing"]["category"] == "utility" and "errors" not in report


def test_whatsapp_text_reply_is_a_text_message(whatsapp, receiver):
    send_whatsapp(whatsapp, template_message())
    [message] = whatsapp.wait_for_messages(1)

    whatsapp.reply_text(message, "TERIMA 4821 — menuju lokasi", "Budi Santoso")

    headers, raw, body = receiver.last()
    assert verify_meta_signature(headers, raw)
    assert b"\\u2014" in raw  # non-ASCII is escaped in the signed body, as Meta sends it
    incoming = body["entry"][0]["changes"][0]["value"]["messages"][0]
    assert incoming["type"] == "text" and incoming["text"] == {"body": "TERIMA 4821 — menuju lokasi"}


def test_whatsapp_signature_can_be_withheld_or_forged(whatsapp, receiver):
    whatsapp.post_webhook({"object": "whatsapp_business_account", "entry": []}, signature="")
    headers, _, _ = receiver.last()
    assert "X-Hub-Signature-256" not in headers

    whatsapp.post_webhook({"object": "whatsapp_business_account", "entry": []}, signature="sha256=" + "0" * 64)
    headers, raw, _ = receiver.last()
    assert not verify_meta_signature(headers, raw)


def test_whatsapp_verification_is_the_documented_get(whatsapp, receiver):
    status, body = whatsapp.verify_webhook("verifikasi", challenge="1158201444")

    assert (status, body) == (200, "1158201444")
    method, path, _, _ = receiver.requests[-1]
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))
    assert method == "GET"
    assert query == {"hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": "verifikasi"}


# -- Telegram: the Bot API


def send_telegram(fake, document, token=None, method="sendMessage"):
    return call(f"{fake.base_url}/bot{token or fake.bot_token}/{method}", document)


def telegram_message(chat_id=-1001234567890, data=TOKEN):
    return {"chat_id": chat_id, "text": "Kebakaran rumah\nDesa Sekardangan",
            "reply_markup": {"inline_keyboard": [[{"text": "✅ Terima", "callback_data": data}]]}}


def test_telegram_sends_and_answers_the_message(telegram):
    status, answer = send_telegram(telegram, telegram_message())

    assert status == 200 and answer["ok"] is True
    result = answer["result"]
    assert result["chat"] == {"id": -1001234567890, "title": "Posko Siaga", "type": "supergroup"}
    assert result["from"]["is_bot"] is True and result["text"] == "Kebakaran rumah\nDesa Sekardangan"
    [message] = telegram.wait_for_messages(1)
    assert (message.chat_id, message.message_id) == (-1001234567890, result["message_id"])
    assert message.callback_data == TOKEN and message.button_labels == ["✅ Terima"]


def test_telegram_takes_form_fields_too(telegram):
    form = urllib.parse.urlencode({"chat_id": "-1001234567890", "text": "uji",
                                   "reply_markup": json.dumps(telegram_message()["reply_markup"])}).encode()

    status, answer = call(f"{telegram.base_url}/bot{telegram.bot_token}/sendMessage", raw=form,
                          content_type="application/x-www-form-urlencoded")

    assert status == 200 and answer["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == TOKEN


@pytest.mark.parametrize("change, code, description", [
    (lambda m: m.pop("chat_id"), 400, "Bad Request: chat_id is empty"),
    (lambda m: m.pop("text"), 400, "Bad Request: message text is empty"),
    (lambda m: m.update(text="x" * 4097), 400, "Bad Request: message is too long"),
    (lambda m: m.update(reply_markup={"inline_keyboard": [{"text": "a"}]}), 400,
     "Bad Request: can't parse inline keyboard button: InlineKeyboardMarkup must be an Array of Arrays"),
    (lambda m: m["reply_markup"]["inline_keyboard"][0][0].update(callback_data="x" * 65), 400,
     "Bad Request: BUTTON_DATA_INVALID"),
])
def test_telegram_refuses_what_the_bot_api_refuses(telegram, change, code, description):
    message = telegram_message()
    change(message)

    status, answer = send_telegram(telegram, message)

    assert (status, answer) == (code, {"ok": False, "error_code": code, "description": description})
    assert telegram.messages == []


def test_telegram_refuses_a_wrong_token_and_unknown_chats(receiver):
    fake = FakeTelegram(receiver.url, WEBHOOK_SECRET, chats={-1001234567890: "Damkar Sidoarjo"})
    with fake:
        assert send_telegram(fake, telegram_message(), token="1:wrong") == (
            401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        assert send_telegram(fake, telegram_message(chat_id=-1009))[1]["description"] == "Bad Request: chat not found"
        assert send_telegram(fake, telegram_message())[1]["result"]["chat"]["title"] == "Damkar Sidoarjo"


def test_telegram_down_answers_503(telegram):
    telegram.set_down(True)
    status, body = send_telegram(telegram, telegram_message())
    telegram.set_down(False)

    assert status == 503 and "Service Temporarily Unavailable" in body


# -- Telegram: the webhook side


def test_telegram_button_press_is_a_callback_query_with_the_secret(telegram, receiver):
    send_telegram(telegram, telegram_message())
    [message] = telegram.wait_for_messages(1)

    status, _, query_id = telegram.press_button(message, {"id": 42, "first_name": "Siti", "username": "siti_bpbd"})

    assert status == 200
    headers, _, update = receiver.last()
    assert headers["X-Telegram-Bot-Api-Secret-Token"] == WEBHOOK_SECRET
    assert isinstance(update["update_id"], int)
    query = update["callback_query"]
    assert query["id"] == query_id and query["data"] == TOKEN and query["chat_instance"]
    assert query["from"] == {"is_bot": False, "id": 42, "first_name": "Siti", "username": "siti_bpbd"}
    assert query["message"]["message_id"] == message.message_id
    assert query["message"]["chat"]["id"] == -1001234567890


def test_telegram_callback_query_is_answered_once(telegram):
    send_telegram(telegram, telegram_message())
    [message] = telegram.wait_for_messages(1)
    _, _, query_id = telegram.press_button(message)

    first = send_telegram(telegram, {"callback_query_id": query_id, "text": "Diterima"}, method="answerCallbackQuery")
    again = send_telegram(telegram, {"callback_query_id": query_id}, method="answerCallbackQuery")

    assert first == (200, {"ok": True, "result": True})
    assert again[0] == 400 and "query ID is invalid" in again[1]["description"]
    assert telegram.wait_for_callback_answers(1)[0]["text"] == "Diterima"


def test_telegram_text_reply_and_missing_secret(telegram, receiver):
    send_telegram(telegram, telegram_message())
    [message] = telegram.wait_for_messages(1)

    telegram.reply_text(message, "TERIMA 4821")
    headers, _, update = receiver.last()
    assert headers["X-Telegram-Bot-Api-Secret-Token"] == WEBHOOK_SECRET
    assert update["message"]["text"] == "TERIMA 4821"
    assert update["message"]["chat"]["id"] == -1001234567890 and update["message"]["from"]["id"] == 111222333

    telegram.post_update({"message": update["message"]}, secret="")
    headers, _, _ = receiver.last()
    assert "X-Telegram-Bot-Api-Secret-Token" not in headers
