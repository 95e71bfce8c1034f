"""A small client of the Siaga112 API for the browser tests: sessions with their cookie and CSRF token, or a token."""
import http.cookiejar
import json
import random
import socket
import urllib.error
import urllib.request


class Client:
    def __init__(self, base, token=None):
        self.base = base
        self.token = token
        self.csrf = None
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    @classmethod
    def signed_in(cls, base, username, password="siaga112-demo"):
        client = cls(base)
        session = client.send("POST", "/session", {"username": username, "password": password})
        client.csrf = session["csrfToken"]
        return client

    def send(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + "/api/v1" + path, data=data, method=method)
        request.add_header("Accept-Language", "en")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        if self.csrf and method != "GET":
            request.add_header("X-CSRF-Token", self.csrf)
        try:
            with self.opener.open(request, timeout=10) as response:
                text = response.read().decode()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{method} {path} → {error.code}: {error.read().decode()}") from None

    def get(self, path):
        return self.send("GET", path)

    def post(self, path, body):
        return self.send("POST", path, body)

    def put(self, path, body):
        return self.send("PUT", path, body)


def free_port():
    """A free port below Linux's range for outgoing connections (32768-60999): inside it, polling a server that
    is not listening yet can be given the same port and connect to itself, and the server cannot bind it."""
    while True:
        port = random.randint(20000, 32000)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
