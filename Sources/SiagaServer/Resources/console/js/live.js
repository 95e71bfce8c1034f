// Siaga112 live feed client for the console's pages.
//
// Connects to /api/v1/live with the page's session cookie, resumes from the last event id it saw, and reconnects
// with backoff after a network drop, a server restart or a "tooSlow" disconnect, so a console never silently
// misses an event. Pages listen for:
//   "event"     detail: the event message ({eventId, stream, streamId, regionCode, at, payload})
//   "ready"     detail: {lastEventId, replayed}: the missed events are in; the page is current
//   "resync"    detail: {lastEventId}: too far behind to replay; reload state over REST
//   "status"    detail: {state: "connecting" | "open" | "closed", attempt}
//   "signedout" the server ended or refused the feed because the session or token no longer holds (close code 4401):
//               the page shows the sign-in page; the feed does not reconnect
//   "reload"    the same credentials now stand for another role, agency or units (close code 4002): the page
//               reloads what it shows; the feed does not reconnect by itself
//   "refused"   the server refused the feed for good (4403 not permitted or another origin, 4400 a bad request)
// Events are delivered once each, in event-id order: a repeat (after a reconnect) is dropped here.

export class LiveFeed extends EventTarget {
  /**
   * @param {object} [options]
   * @param {string} [options.url] the feed's URL; by default this page's host, ws: or wss: to match
   * @param {number} [options.since] the last event id the page already has
   * @param {number} [options.initialBackoffMs] first wait before reconnecting (doubles up to maxBackoffMs)
   * @param {number} [options.maxBackoffMs]
   * @param {number} [options.silenceMs] reconnect when nothing (not even a heartbeat) arrives for this long
   * @param {typeof WebSocket} [options.WebSocket] for tests
   * @param {(fn: Function, ms: number) => any} [options.setTimeout] for tests
   * @param {(handle: any) => void} [options.clearTimeout] for tests
   * @param {() => number} [options.random] for tests
   */
  constructor(options = {}) {
    super();
    this.url = options.url ?? defaultURL();
    this.lastEventId = options.since ?? null;
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 15000;
    this.silenceMs = options.silenceMs ?? 40000;
    this.WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.setTimeout = options.setTimeout ?? globalThis.setTimeout.bind(globalThis);
    this.clearTimeout = options.clearTimeout ?? globalThis.clearTimeout.bind(globalThis);
    this.random = options.random ?? Math.random;
    this.attempt = 0;
    this.socket = null;
    this.stopped = true;
    this.retryTimer = null;
    this.silenceTimer = null;
  }

  /** Opens the feed (again); safe to call twice. */
  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.#connect();
  }

  /** Closes the feed for good (until start() is called again). */
  stop() {
    this.stopped = true;
    this.clearTimeout(this.retryTimer);
    this.clearTimeout(this.silenceTimer);
    if (this.socket) this.socket.close(1000, "stopped");
    this.socket = null;
  }

  #connect() {
    const since = this.lastEventId === null ? "" : `?since=${encodeURIComponent(this.lastEventId)}`;
    this.#status("connecting");
    const socket = new this.WebSocket(this.url + since);
    this.socket = socket;
    socket.onopen = () => {
      this.#status("open");
      this.#watch();
    };
    socket.onmessage = (message) => {
      this.#watch();
      this.#receive(message.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimeout(this.silenceTimer);
      this.#status("closed");
      const ending = ENDINGS[event?.code];
      if (ending) {
        this.stopped = true;
        this.dispatchEvent(new CustomEvent(ending));
        return;
      }
      if (!this.stopped) this.#retry();
    };
    socket.onerror = () => socket.close();
  }

  #receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    switch (message.type) {
      case "event": {
        const id = Number(message.eventId);
        if (this.lastEventId !== null && id <= this.lastEventId) return;
        this.lastEventId = id;
        this.dispatchEvent(new CustomEvent("event", { detail: message }));
        break;
      }
      case "ready":
        this.attempt = 0;
        this.#advance(message.lastEventId);
        this.dispatchEvent(new CustomEvent("ready", { detail: message }));
        break;
      case "resync":
        this.lastEventId = Number(message.lastEventId);
        this.dispatchEvent(new CustomEvent("resync", { detail: message }));
        break;
      case "heartbeat":
      case "disconnect":
        break;
    }
  }

  #advance(id) {
    const value = Number(id);
    if (this.lastEventId === null || value > this.lastEventId) this.lastEventId = value;
  }

  #retry() {
    const ceiling = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** this.attempt);
    this.attempt += 1;
    // Full jitter: consoles dropped together by a restart do not all come back in the same instant.
    const wait = Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    this.retryTimer = this.setTimeout(() => {
      if (!this.stopped) this.#connect();
    }, wait);
  }

  #watch() {
    this.clearTimeout(this.silenceTimer);
    this.silenceTimer = this.setTimeout(() => {
      if (this.socket) this.socket.close(4000, "silent");
    }, this.silenceMs);
  }

  #status(state) {
    this.dispatchEvent(new CustomEvent("status", { detail: { state, attempt: this.attempt } }));
  }
}

/** Close codes after which reconnecting would be refused or show the wrong things (see LiveEnding.swift). */
const ENDINGS = { 4401: "signedout", 4002: "reload", 4400: "refused", 4403: "refused" };

function defaultURL() {
  const { protocol, host } = globalThis.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}/api/v1/live`;
}
