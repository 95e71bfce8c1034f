"""A real SMPP 3.4 SMSC on loopback for end-to-end tests of Siaga112's SMS notices (smpp34, Rust-backed).

    with SMSC("127.0.0.1", 0, system_id="siaga", password="rahasia") as smsc:
        ...  # Siaga112 binds transceiver to smsc.port and submits
        sms = smsc.wait_for_submit(lambda s: s.destination == "6281234567890")
        smsc.send_receipt(sms.message_id, stat="DELIVRD")
        smsc.send_message("6281234567890", sms.source, "TERIMA 4821")

smpp34's server accepts every bind, so a gate in front of it reads each connection's first PDU: a bind with the
wrong system_id or password, or any bind while the SMSC is down, is answered with a bind response carrying an error
status and the connection closed; a good bind is passed on to smpp34 with everything after it. The gate also
answers an ESME's unbind itself, since smpp34 closes the socket before its unbind_resp is written, and counts
enquire_link. `set_down(True)` also drops every connection already bound; `set_silent(True)` keeps them open but
answers nothing. `submit_status` answers every submit_sm with that status instead of accepting it
(ESME_RTHROTTLED, ESME_RINVDSTADR…); `auto_receipt` sends a receipt of that state after each accepted submit that
asked for one.

Run standalone: python3 smsc.py PORT [--system-id ID] [--password PW] [--auto-receipt DELIVRD]
"""
import argparse
import asyncio
import datetime
import signal
import socket
import struct
import threading
import time
from dataclasses import dataclass, field

import smpp34

BIND_COMMANDS = {0x00000001: 0x80000001, 0x00000002: 0x80000002, 0x00000009: 0x80000009}
UNBIND = 0x00000006
ENQUIRE_LINK = 0x00000015
ESME_RINVPASWD = 0x0E
ESME_RINVSYSID = 0x0F
ESME_RBINDFAIL = 0x0D
MESSAGE_STATES = {"ENROUTE": 1, "DELIVRD": 2, "EXPIRED": 3, "DELETED": 4, "UNDELIV": 5, "ACCEPTD": 6, "UNKNOWN": 7,
                  "REJECTD": 8}


def free_port(host="127.0.0.1"):
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def decode_text(short_message, data_coding, esm_class=0, tlvs=()):
    """The text of a submit_sm or deliver_sm: message_payload when present, else short_message, without a user data
    header; UCS-2 (data_coding 8) as UTF-16 big-endian, every other coding byte by byte as ISO 8859-1."""
    octets = next((t.value for t in tlvs if t.tag == smpp34.TLV_MESSAGE_PAYLOAD), short_message)
    if esm_class & 0x40 and octets:
        octets = octets[octets[0] + 1:]
    return octets.decode("utf-16-be", errors="replace") if data_coding == 8 else octets.decode("latin-1")


def encode_text(text):
    """(data_coding, octets): 0 and ASCII when the text is ASCII, else 8 and UCS-2."""
    return (0, text.encode("ascii")) if text.isascii() else (8, text.encode("utf-16-be"))


@dataclass
class Submit:
    """One submit_sm the SMSC accepted (or refused: then `message_id` is None and `status` the refusal)."""

    session_id: str
    source: str
    destination: str
    text: str
    data_coding: int
    registered_delivery: int
    source_ton: int
    destination_ton: int
    message_id: str | None = None
    status: int = 0
    tlvs: dict = field(default_factory=dict)


class SMSC:
    """An SMSC on `host`:`port` (0 picks a free port) that binds `system_id`/`password` and keeps every submit."""

    def __init__(self, host="127.0.0.1", port=0, system_id="siaga", password="rahasia", name="SMSCUJI"):
        self.host = host
        self.port = port or free_port(host)
        self.system_id = system_id
        self.password = password
        self.name = name
        self.submits = []
        self.binds = 0
        self.refused_binds = 0
        self.enquire_links = 0
        self.delivered = []
        self.submit_status = None
        self.auto_receipt = None
        self.down = False
        self.silent = False
        self._refuse_with = ESME_RBINDFAIL
        self._sessions = {}
        self._connections = set()
        self._changed = threading.Condition()
        self._count = 0
        self._loop = None
        self._thread = None

    # -- lifecycle --

    def start(self):
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="smsc", daemon=True)
        self._thread.start()
        self._call(self._start())
        return self

    def stop(self):
        if self._loop is None:
            return
        self._call(self._stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()
        self._loop = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *_):
        self.stop()

    def set_down(self, down=True, refuse_with=ESME_RBINDFAIL):
        """While down, every bound connection is dropped and every bind refused with `refuse_with` (None closes the
        connection without an answer)."""
        self.down = down
        self._refuse_with = refuse_with
        if down:
            self._call(self._drop_all())

    def set_silent(self, silent=True):
        """While silent, the SMSC keeps its connections but ignores every PDU an ESME sends: no response comes."""
        self.silent = silent

    # -- what the tests read --

    def wait_for_submit(self, predicate=lambda submit: True, timeout=10):
        """The first submit received so far or within `timeout` seconds for which `predicate` holds."""
        return self.wait_until(lambda: next((s for s in self.submits if predicate(s)), None), timeout, "a submit_sm")

    def wait_for_binds(self, count, timeout=10):
        """Waits until `count` binds have been accepted in all."""
        return self.wait_until(lambda: self.binds >= count, timeout, f"{count} binds")

    def wait_until(self, probe, timeout=10, what="a condition"):
        """The first true value of `probe()`, tried whenever the SMSC sees a bind, submit, enquire_link or unbind."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                value = probe()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"SMSC: timed out waiting for {what}")
                self._changed.wait(remaining)

    @property
    def bound(self):
        """How many ESME sessions are bound now."""
        return len(self._sessions)

    # -- what the SMSC sends --

    def send_receipt(self, message_id, stat="DELIVRD", err="000", form="both", wait=True, timeout=10):
        """Sends the delivery receipt of `message_id` (`form` "text", "tlv" or "both") to the session that submitted
        it, or to the last bound one. Returns whether the ESME answered ESME_ROK, or with `wait=False` at once a
        future of that (for an ESME that reads only when the test tells it to)."""
        submit = next((s for s in self.submits if s.message_id == message_id), None)
        return self._call(self._send_receipt(submit, message_id, stat, err, form), timeout if wait else None)

    def send_message(self, source, destination, text, source_ton=1, wait=True, timeout=10):
        """Sends a handset's message (a mobile-originated deliver_sm) to the last bound ESME; returns as
        `send_receipt` does."""
        return self._call(self._send_message(source, destination, text, source_ton), timeout if wait else None)

    # -- inside the loop --

    def _call(self, coroutine, timeout=10):
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        return future if timeout is None else future.result(timeout)

    def _notify(self):
        with self._changed:
            self._changed.notify_all()

    async def _start(self):
        self._inner_port = free_port(self.host)
        self._server = smpp34.Server(host=self.host, port=self._inner_port, system_id=self.name)
        await self._server.start()
        self._events = asyncio.ensure_future(self._serve())
        self._gate = await asyncio.start_server(self._admit, self.host, self.port)

    async def _stop(self):
        self._gate.close()
        await self._drop_all()
        await self._gate.wait_closed()
        self._events.cancel()
        await self._server.stop()

    async def _drop_all(self):
        for writer in list(self._connections):
            writer.transport.abort()
        self._connections.clear()

    async def _serve(self):
        while True:
            event = await self._server.next()
            if isinstance(event, smpp34.Esme):
                self._sessions[event.session_id] = event
                self.binds += 1
            elif isinstance(event, smpp34.SubmitSmEvent):
                await self._submitted(event)
            elif isinstance(event, smpp34.Unbound):
                self._sessions.pop(event.session_id, None)
            self._notify()

    async def _submitted(self, event):
        submit = Submit(
            session_id=event.session_id, source=event.source_addr, destination=event.destination_addr,
            text=decode_text(event.short_message, event.data_coding, event.esm_class, event.tlvs),
            data_coding=event.data_coding, registered_delivery=event.registered_delivery,
            source_ton=event.source_addr_ton, destination_ton=event.dest_addr_ton,
            tlvs={t.tag: t.value for t in event.tlvs})
        if self.submit_status:
            submit.status = self.submit_status
            event.reject(self.submit_status)
        else:
            self._count += 1
            submit.message_id = f"{self._count:08X}"
            event.accept(message_id=submit.message_id)
        self.submits.append(submit)
        if submit.message_id and self.auto_receipt and submit.registered_delivery & 0x03:
            asyncio.ensure_future(self._send_receipt(submit, submit.message_id, self.auto_receipt, "000", "both"))

    async def _send_receipt(self, submit, message_id, stat, err, form):
        now = datetime.datetime.now().strftime("%y%m%d%H%M")
        text = submit.text[:20] if submit else ""
        receipt = f"id:{message_id} sub:001 dlvrd:{'001' if stat == 'DELIVRD' else '000'} submit date:{now} " \
                  f"done date:{now} stat:{stat} err:{err} text:{text}"
        tlvs = [smpp34.Tlv(smpp34.TLV_RECEIPTED_MESSAGE_ID, message_id.encode() + b"\0"),
                smpp34.Tlv(smpp34.TLV_MESSAGE_STATE, bytes([MESSAGE_STATES.get(stat, 7)]))]
        esme = self._sessions.get(submit.session_id) if submit else None
        send = (esme or await self._esme()).deliver_sm(
            submit.source if submit else "", receipt.encode() if form != "tlv" else b"",
            source_addr=submit.destination if submit else "", esm_class=0x04,
            tlvs=tlvs if form != "text" else [])
        return await self._answered(send)

    async def _send_message(self, source, destination, text, source_ton):
        data_coding, octets = encode_text(text)
        send = (await self._esme()).deliver_sm(destination, octets, source_addr=source, source_addr_ton=source_ton,
                                       source_addr_npi=1, dest_addr_ton=0, dest_addr_npi=0, data_coding=data_coding)
        return await self._answered(send)

    async def _answered(self, send):
        response = await send
        self.delivered.append(response.command_status)
        return response.is_success

    async def _esme(self, timeout=5):
        """The last bound session that can receive, waiting for one (smpp34 reports a bind after answering it)."""
        deadline = time.monotonic() + timeout
        while not (receivers := [esme for esme in self._sessions.values() if esme.can_receive]):
            if time.monotonic() > deadline:
                raise AssertionError("SMSC: no ESME is bound to receive")
            await asyncio.sleep(0.02)
        return receivers[-1]

    # -- the gate in front of smpp34 --

    async def _admit(self, reader, writer):
        try:
            header = await reader.readexactly(16)
            length, command, _, sequence = struct.unpack(">IIII", header)
            if not 16 <= length <= 1024:
                raise ConnectionError("not a bind")
            body = await reader.readexactly(length - 16)
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()
            return
        status = self._bind_status(command, body)
        if status:
            self.refused_binds += 1
            self._notify()
            if status > 0:
                writer.write(struct.pack(">IIII", 17, BIND_COMMANDS.get(command, 0x80000000), status, sequence) + b"\0")
                await writer.drain()
            writer.close()
            return
        await self._relay(header + body, reader, writer)

    def _bind_status(self, command, body):
        """0 to admit the bind; else its refusal status, or -1 to close without an answer."""
        if self.down:
            return self._refuse_with or -1
        if command not in BIND_COMMANDS:
            return ESME_RBINDFAIL
        system_id, password = (body.split(b"\0") + [b"", b""])[:2]
        if system_id.decode("latin-1") != self.system_id:
            return ESME_RINVSYSID
        return 0 if password.decode("latin-1") == self.password else ESME_RINVPASWD

    async def _relay(self, first, reader, writer):
        inner_reader, inner_writer = await asyncio.open_connection(self.host, self._inner_port)
        inner_writer.write(first)
        self._connections.update([writer, inner_writer])

        async def pipe(source, sink):
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
                sink.close()
            except (ConnectionError, asyncio.CancelledError):
                sink.transport.abort()
            finally:
                self._connections.discard(sink)

        async def from_esme():
            # smpp34 closes the socket on an unbind before its unbind_resp is written, so the gate answers it.
            try:
                while True:
                    header = await reader.readexactly(16)
                    length, command, _, sequence = struct.unpack(">IIII", header)
                    if command == ENQUIRE_LINK:
                        self.enquire_links += 1
                        self._notify()
                    if command == UNBIND:
                        writer.write(struct.pack(">IIII", 16, UNBIND | 0x80000000, 0, sequence))
                        await writer.drain()
                        break
                    body = await reader.readexactly(max(0, length - 16))
                    if not self.silent:
                        inner_writer.write(header + body)
                    await inner_writer.drain()
            except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
                pass
            inner_writer.transport.abort()
            writer.close()
            self._connections.discard(inner_writer)

        await asyncio.gather(from_esme(), pipe(inner_reader, writer))


def main():
    parser = argparse.ArgumentParser(description="An SMPP 3.4 SMSC for trying Siaga112's SMS notices.")
    parser.add_argument("port", type=int)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--system-id", default="siaga")
    parser.add_argument("--password", default="rahasia")
    parser.add_argument("--auto-receipt", default="DELIVRD", help="receipt state sent after each submit ('' for none)")
    arguments = parser.parse_args()
    smsc = SMSC(arguments.host, arguments.port, arguments.system_id, arguments.password)
    smsc.auto_receipt = arguments.auto_receipt or None
    smsc.start()
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print(f"SMSC listening on {smsc.host}:{smsc.port} as {smsc.system_id}", flush=True)
    seen = 0
    try:
        while True:
            smsc.wait_until(lambda: len(smsc.submits) > seen, timeout=3600)
            for submit in smsc.submits[seen:]:
                print(f"submit_sm {submit.source} -> {submit.destination} [{submit.message_id}]: {submit.text}",
                      flush=True)
            seen = len(smsc.submits)
    except KeyboardInterrupt:
        pass
    finally:
        smsc.stop()


if __name__ == "__main__":
    main()
