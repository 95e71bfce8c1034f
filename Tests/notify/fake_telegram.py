"""A local stand-in for the Telegram Bot API, for end-to-end tests of Siaga112's Telegram channel.

It answers `POST /bot<token>/sendMessage` and `/bot<token>/answerCallbackQuery` as the Bot API does: the token
in the path must be the bot's, parameters come as JSON or form fields, the documented limits are enforced
(text 1-4096 characters, `callback_data` 1-64 bytes, an inline keyboard as an array of button rows), and refusals
come back as `{"ok": false, "error_code", "description"}`. Each sent message is recorded with its `message_id`.
The helpers then play the other side: someone pressing the inline button, or writing in the chat, posted to
Siaga112's webhook as an update with the `X-Telegram-Bot-Api-Secret-Token` header.

    fake = FakeTelegram(webhook_url, webhook_secret="…", bot_token="…")
    base = fake.start()          # http://127.0.0.1:<port>, Siaga112's apiBase
    message = fake.wait_for_messages(1)[0]
    fake.press_button(message, {"id": 111222333, "first_name": "Budi", "last_name": "Santoso"})
"""
import dataclasses
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

DEFAULT_USER = {"id": 111222333, "first_name": "Budi", "last_name": "Santoso", "username": "budi_damkar"}


@dataclasses.dataclass
class TelegramMessage:
    """One message the fake sent for the bot."""
    chat_id: int
    message_id: int
    text: str
    reply_markup: dict | None
    result: dict

    @property
    def callback_data(self):
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return next((button["callback_data"] for row in rows for button in row if "callback_data" in button), None)

    @property
    def button_labels(self):
        return [button["text"] for row in (self.reply_markup or {}).get("inline_keyboard", []) for button in row]


class BotError(Exception):
    """A refusal, answered as the Bot API answers it."""

    def __init__(self, code, description, retry_after=None):
        super().__init__(description)
        self.code = code
        self.document = {"ok": False, "error_code": code, "description": description}
        if retry_after is not None:
            self.document["parameters"] = {"retry_after": retry_after}


def _bad(description):
    return BotError(400, f"Bad Request: {description}")


def check_inline_keyboard(markup):
    """Checks `reply_markup` as an InlineKeyboardMarkup; raises BotError as the Bot API would."""
    if isinstance(markup, str):
        try:
            markup = json.loads(markup)
        except ValueError:
            raise _bad("can't parse reply keyboard markup JSON object") from None
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise _bad("can't parse inline keyboard button: InlineKeyboardMarkup must be an Array of Arrays")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str) or not button["text"]:
                raise _bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
            actions = [key for key in ("url", "callback_data", "web_app", "login_url", "switch_inline_query",
                                       "switch_inline_query_current_chat", "copy_text", "pay") if key in button]
            if len(actions) != 1:
                raise _bad("can't parse inline keyboard button: exactly one of the optional fields must be used")
            data = button.get("callback_data")
            if data is not None and (not isinstance(data, str) or not 1 <= len(data.encode()) <= 64):
                raise _bad("BUTTON_DATA_INVALID")
    return markup


class FakeTelegram:
    def __init__(self, webhook_url, webhook_secret, bot_token="7012345678:AAH-siaga112-fake-token_0123456789",
                 bot_username="siaga112_bot", chats=None):
        """`chats` maps chat ids to titles; when given, any other chat is "chat not found"."""
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.bot_token = bot_token
        self.bot = {"id": int(bot_token.split(":")[0]), "is_bot": True, "first_name": "Siaga112",
                    "username": bot_username}
        self.chats = chats
        self.messages = []
        self.callback_answers = []
        self.refusals = []
        self.down = False
        self.delay = 0.0
        self._queries = {}
        self._next_message_id = 100
        self._next_update_id = 900_000_000 + secrets.randbelow(1000) * 1000
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
        """While down, every API call is answered 503 by the front proxy, as in an outage."""
        self.down = down

    def set_delay(self, seconds):
        """Answers each API call only after this many seconds (for a client's timeout)."""
        self.delay = seconds

    def wait_for_messages(self, count, timeout=10):
        """Waits until at least `count` messages were sent; returns them all."""
        with self._lock:
            if not self._lock.wait_for(lambda: len(self.messages) >= count, timeout):
                raise AssertionError(f"expected {count} Telegram message(s), got {len(self.messages)}")
            return list(self.messages)

    def wait_for_callback_answers(self, count, timeout=10):
        with self._lock:
            if not self._lock.wait_for(lambda: len(self.callback_answers) >= count, timeout):
                raise AssertionError(f"expected {count} callback answer(s), got {len(self.callback_answers)}")
            return list(self.callback_answers)

    # -- the API

    def _answer(self, path, content_type, raw):
        if self.delay:
            time.sleep(self.delay)
        match = re.fullmatch(r"/bot([^/]+)/(\w+)", urllib.parse.urlsplit(path).path)
        if not match:
            raise BotError(404, "Not Found")
        if not hmac.compare_digest(match.group(1).encode(), self.bot_token.encode()):
            raise BotError(401, "Unauthorized")
        parameters = _parameters(urllib.parse.urlsplit(path).query, content_type, raw)
        method = match.group(2).lower()
        if method == "sendmessage":
            return self._send_message(parameters)
        if method == "answercallbackquery":
            return self._answer_callback_query(parameters)
        raise BotError(404, "Not Found")

    def _send_message(self, parameters):
        chat = self._chat(parameters.get("chat_id"))
        text = parameters.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _bad("message text is empty")
        if len(text.encode("utf-16-le")) // 2 > 4096:
            raise _bad("message is too long")
        markup = parameters.get("reply_markup")
        markup = None if markup is None else check_inline_keyboard(markup)
        with self._lock:
            self._next_message_id += 1
            result = {"message_id": self._next_message_id, "from": self.bot, "chat": chat, "date": int(time.time()),
                      "text": text}
            if markup:
                result["reply_markup"] = markup
            self.messages.append(TelegramMessage(chat["id"], self._next_message_id, text, markup, result))
            self._lock.notify_all()
        return {"ok": True, "result": result}

    def _chat(self, chat_id):
        if chat_id is None or chat_id == "":
            raise _bad("chat_id is empty")
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            # A public channel's username; the fake gives it a stable channel id.
            number = -1_000_000_000_000 - int.from_bytes(chat_id.encode()[:4].ljust(4, b"\0"), "big")
            return {"id": number, "title": chat_id[1:], "username": chat_id[1:], "type": "channel"}
        try:
            number = int(chat_id)
        except (TypeError, ValueError):
            raise _bad("chat not found") from None
        if self.chats is not None and number not in self.chats:
            raise _bad("chat not found")
        if number > 0:
            return {"id": number, "first_name": (self.chats or {}).get(number, "Petugas"), "type": "private"}
        return {"id": number, "title": (self.chats or {}).get(number, "Posko Siaga"), "type": "supergroup"}

    def _answer_callback_query(self, parameters):
        query_id = parameters.get("callback_query_id")
        if not query_id:
            raise _bad("query_id is empty")
        text = parameters.get("text", "")
        if len(str(text)) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        with self._lock:
            if self._queries.pop(str(query_id), None) is None:
                raise _bad("query is too old and response timeout expired or query ID is invalid")
            self.callback_answers.append({"callback_query_id": str(query_id), "text": text,
                                          "show_alert": parameters.get("show_alert", False)})
            self._lock.notify_all()
        return {"ok": True, "result": True}

    # -- the other side, into Siaga112's webhook

    def press_button(self, message, user=None, data=None):
        """`user` (a Telegram User: id, first_name, last_name?, username?) presses the message's inline button.
        Returns (status, body, callback query id)."""
        user = {"is_bot": False, **(user or DEFAULT_USER)}
        query_id = str(secrets.randbits(63))
        with self._lock:
            self._queries[query_id] = message
        query = {"id": query_id, "from": user, "message": message.result,
                 "chat_instance": str(-secrets.randbits(62)),
                 "data": message.callback_data if data is None else data}
        status, body = self.post_update({"callback_query": query})
        return status, body, query_id

    def reply_text(self, message, text, user=None):
        """`user` writes `text` in the chat of `message` (or the chat id `message`)."""
        user = {"is_bot": False, **(user or DEFAULT_USER)}
        chat = message.result["chat"] if isinstance(message, TelegramMessage) else self._chat(message)
        with self._lock:
            self._next_message_id += 1
            sent = {"message_id": self._next_message_id, "from": user, "chat": chat, "date": int(time.time()),
                    "text": text}
        if isinstance(message, TelegramMessage):
            sent["reply_to_message"] = message.result
        return self.post_update({"message": sent})

    def post_update(self, update, secret=None):
        """Posts one update as Telegram does; `secret` replaces the header, "" leaves it out. Returns
        (status, body)."""
        with self._lock:
            self._next_update_id += 1
            document = {"update_id": self._next_update_id, **update}
        request = urllib.request.Request(self.webhook_url, data=json.dumps(document).encode(), method="POST")
        request.add_header("Content-Type", "application/json")
        header = self.webhook_secret if secret is None else secret
        if header:
            request.add_header("X-Telegram-Bot-Api-Secret-Token", header)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def _parameters(query, content_type, raw):
    """The Bot API takes parameters in the query, as form fields or as JSON."""
    parameters = dict(urllib.parse.parse_qsl(query))
    if raw:
        if content_type.startswith("application/json"):
            try:
                document = json.loads(raw)
            except ValueError:
                raise _bad("can't parse JSON object") from None
            if not isinstance(document, dict):
                raise _bad("can't parse JSON object")
            parameters.update(document)
        elif content_type.startswith("application/x-www-form-urlencoded"):
            parameters.update(urllib.parse.parse_qsl(raw.decode()))
        else:
            raise _bad("unsupported Content-Type")
    return parameters


def _handler(fake):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            self._serve()

        def do_GET(self):
            self._serve()

        def _serve(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if fake.down:
                body = b"<html><head><title>503 Service Temporarily Unavailable</title></head></html>\n"
                self._reply(503, "text/html", body)
                return
            try:
                document = fake._answer(self.path, self.headers.get("Content-Type", ""), raw)
                status = 200
            except BotError as error:
                fake.refusals.append(error.document)
                status, document = error.code, error.document
            self._reply(status, "application/json", json.dumps(document).encode())

        def _reply(self, status, content_type, body):
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (set_delay), as it should

        def log_message(self, *_):
            pass

    return Handler
