// The console's live feed client, against a scripted WebSocket (run with `node --test Tests/console`).
import assert from "node:assert/strict";
import { test } from "node:test";
import { LiveFeed } from "../../Sources/SiagaServer/Resources/console/js/live.js";

// Node 18 (Debian bookworm) has Event and EventTarget but no global CustomEvent.
globalThis.CustomEvent ??= class CustomEvent extends Event {
  constructor(type, options) {
    super(type, options);
    this.detail = options?.detail ?? null;
  }
};

class FakeSocket {
  static opened = [];
  constructor(url) {
    this.url = url;
    this.closed = null;
    FakeSocket.opened.push(this);
  }
  open() { this.onopen?.(); }
  send(object) { this.onmessage?.({ data: JSON.stringify(object) }); }
  close(code = 1006, reason = "") {
    if (this.closed) return;
    this.closed = { code, reason };
    this.onclose?.({ code, reason });
  }
}

function clock() {
  const timers = [];
  return {
    setTimeout: (fn, ms) => { const t = { fn, ms, live: true }; timers.push(t); return t; },
    clearTimeout: (t) => { if (t) t.live = false; },
    fire: () => { const due = timers.filter((t) => t.live); timers.length = 0; due.forEach((t) => { t.live = false; t.fn(); }); },
    waits: () => timers.filter((t) => t.live).map((t) => t.ms),
  };
}

function feed(extra = {}) {
  FakeSocket.opened = [];
  const time = clock();
  const live = new LiveFeed({
    url: "ws://console.test/api/v1/live", WebSocket: FakeSocket, setTimeout: time.setTimeout,
    clearTimeout: time.clearTimeout, random: () => 1, ...extra,
  });
  const seen = [];
  live.addEventListener("event", (e) => seen.push(Number(e.detail.eventId)));
  return { live, time, seen };
}

test("resumes from the last event after a drop, and drops a repeat", () => {
  const { live, time, seen } = feed();
  live.start();
  const first = FakeSocket.opened[0];
  assert.equal(first.url, "ws://console.test/api/v1/live");
  first.open();
  first.send({ type: "ready", lastEventId: "10", replayed: 0 });
  first.send({ type: "event", eventId: "11" });
  first.send({ type: "event", eventId: "12" });
  first.close();
  time.fire();
  const second = FakeSocket.opened[1];
  assert.equal(second.url, "ws://console.test/api/v1/live?since=12");
  second.open();
  second.send({ type: "event", eventId: "12" });
  second.send({ type: "event", eventId: "13" });
  second.send({ type: "ready", lastEventId: "13", replayed: 1 });
  assert.deepEqual(seen, [11, 12, 13]);
});

test("backs off exponentially up to the ceiling, and starts over once ready", () => {
  const { live, time } = feed({ initialBackoffMs: 100, maxBackoffMs: 400 });
  live.start();
  const waits = [];
  for (let i = 0; i < 4; i++) {
    FakeSocket.opened.at(-1).close();
    waits.push(...time.waits());
    time.fire();
  }
  assert.deepEqual(waits, [100, 200, 400, 400]);
  const socket = FakeSocket.opened.at(-1);
  socket.open();
  socket.send({ type: "ready", lastEventId: "5", replayed: 0 });
  socket.close();
  assert.deepEqual(time.waits(), [100]);
});

test("a resync asks the page to reload and carries on from the server's position", () => {
  const { live } = feed({ since: 3 });
  let resynced = null;
  live.addEventListener("resync", (e) => { resynced = e.detail.lastEventId; });
  live.start();
  assert.equal(FakeSocket.opened[0].url, "ws://console.test/api/v1/live?since=3");
  FakeSocket.opened[0].send({ type: "resync", reason: "tooFarBehind", lastEventId: "20000" });
  assert.equal(resynced, "20000");
  assert.equal(live.lastEventId, 20000);
});

test("a silent link is closed and reopened; stop() ends it for good", () => {
  const { live, time } = feed({ silenceMs: 1000 });
  live.start();
  const socket = FakeSocket.opened[0];
  socket.open();
  time.fire(); // the silence timer
  assert.equal(socket.closed.code, 4000);
  time.fire(); // the retry
  assert.equal(FakeSocket.opened.length, 2);
  live.stop();
  assert.equal(FakeSocket.opened[1].closed.code, 1000);
  time.fire();
  assert.equal(FakeSocket.opened.length, 2);
});

test("a feed the server ends for signed-out credentials asks for the sign-in page and does not reconnect", () => {
  const { live, time } = feed();
  const endings = [];
  live.addEventListener("signedout", () => endings.push("signedout"));
  live.addEventListener("reload", () => endings.push("reload"));
  live.start();
  const socket = FakeSocket.opened[0];
  socket.open();
  socket.send({ type: "disconnect", reason: "signedOut" });
  socket.close(4401, "signedOut");
  assert.deepEqual(endings, ["signedout"]);
  time.fire();
  assert.equal(FakeSocket.opened.length, 1);
});

test("a feed whose credentials changed asks the page to reload instead of reconnecting as before", () => {
  const { live, time } = feed();
  const endings = [];
  live.addEventListener("reload", () => endings.push("reload"));
  live.start();
  FakeSocket.opened[0].open();
  FakeSocket.opened[0].close(4002, "credentialsChanged");
  assert.deepEqual(endings, ["reload"]);
  time.fire();
  assert.equal(FakeSocket.opened.length, 1);
});
