// Operator 112: one screen for a call. A ringing or active call is at the top; a non-emergency is closed with one
// key and still counted; an emergency opens the incident form (category, place, priority, description, the
// agencies that will receive it) and one key forwards it.
import { get, patch, post, Problem } from "../api.js";
import { h, replace } from "../dom.js";
import { t, time, duration } from "../i18n.js";
import { IncidentForm } from "./incident-form.js";

const dispositionKeys = { 1: "prank", 2: "silent", 3: "information", 4: "wrongNumber" };

export async function render(ctx, view) {
  const state = { calls: [], current: null, history: null, form: null, manual: false, busy: false };
  const me = `petugas:${ctx.session.name}`;
  const callPanel = h("section", { className: "panel call-panel", "aria-label": t("operator.call") });
  const formPanel = h("section", { className: "panel form-panel" });
  const recentPanel = h("section", { className: "panel recent-panel", "aria-label": t("operator.recent") });
  view.append(h("div", { className: "operator" }, h("div", { className: "operator-main" }, callPanel, formPanel), recentPanel));

  async function load() {
    const from = new Date(Date.now() - 6 * 3600 * 1000).toISOString();
    const page = await get("/calls", { region: ctx.region.code, from, limit: 50 });
    state.calls = page.items ?? [];
    // Another call taker's call is theirs: calls still ringing, this call taker's own, and calls no person answered
    // (a PBX that records them answered) come here.
    const live = state.calls.filter((c) => c.status === "ringing"
      || (c.status === "active" && (c.callTaker === me || !c.callTaker?.startsWith("petugas:"))));
    // The call this call taker's phone just answered pops up at once (the switch answers it in their name).
    const answeredHere = live.find((c) => c.status === "active" && c.callTaker === me && c.id !== state.current?.id && !state.form);
    if (answeredHere) {
      state.current = answeredHere;
    } else if (!state.current || !live.some((c) => c.id === state.current.id)) {
      // The oldest waiting call first: a real emergency must not wait behind newer calls.
      state.current = live.filter((c) => !c.disposition || c.disposition === "emergency").at(-1) ?? null;
    } else {
      state.current = live.find((c) => c.id === state.current.id);
    }
    if (state.current?.id !== state.history?.callId) loadHistory(state.current);
    draw();
  }

  /** The caller's history on the card: earlier calls and incidents from the number, and the repeat-prank flag. */
  async function loadHistory(call) {
    state.history = call ? { callId: call.id, value: null } : null;
    if (!call?.callerNumber) return;
    try {
      const answer = await get(`/calls/${call.id}/caller-history`);
      if (state.history?.callId === call.id) { state.history.value = answer.callerHistory; drawCall(); }
    } catch (error) { ctx.fail(error); }
  }

  function historyLine() {
    const history = state.history?.value;
    if (!history || !history.recentCallCount) return null;
    const pranks = (history.dispositionCounts.prank ?? 0) + (history.dispositionCounts.silent ?? 0);
    return h("div", { className: `call-history ${history.isRepeatPrankCaller ? "repeat-prank" : ""}`, id: "caller-history" },
      history.isRepeatPrankCaller ? h("strong", {}, t("operator.repeatPrank"), " · ") : null,
      t("operator.history", { count: history.recentCallCount, days: history.windowDays, pranks }),
      history.openIncidentCount ? ` · ${t("operator.openIncidents", { count: history.openIncidentCount })}` : "");
  }

  function draw() {
    drawCall();
    drawRecent();
    ctx.keys(keyHints());
  }

  function keyHints() {
    if (state.form) return state.form.keyHints();
    const call = state.current;
    const hints = [["N", t("operator.key.newCall")]];
    if (call) {
      if (call.status === "ringing") hints.push(["Enter", t("operator.key.answer")]);
      for (const [key, disposition] of Object.entries(dispositionKeys)) hints.push([key, t(`disposition.${disposition}`)]);
      hints.push(["D", t("operator.key.emergency")]);
      if (call.status === "active") hints.push(["E", t("operator.key.end")]);
    }
    return hints;
  }

  function drawCall() {
    const call = state.current;
    if (state.manual) {
      const input = h("input", { id: "manual-number", type: "tel", autocomplete: "off", placeholder: "0812…", "aria-label": t("operator.callerNumber") });
      replace(callPanel,
        h("h2", {}, t("operator.newCall")),
        h("form", { className: "inline", onsubmit: (event) => { event.preventDefault(); manualCall(input.value); } },
          input, h("button", { type: "submit" }, t("operator.record"))),
        h("p", { className: "hint" }, t("operator.manualHint")));
      input.focus();
      return;
    }
    if (!call) {
      replace(callPanel, h("h2", {}, t("operator.call")), h("p", { className: "empty", id: "no-call" }, t("operator.noCall")));
      return;
    }
    const ringing = call.status === "ringing";
    if (state.form) {
      // While the emergency is written, the call shrinks to one line so the whole form fits the screen.
      replace(callPanel, h("div", { className: `call-card compact ${call.status}`, id: "current-call", dataset: { callId: call.id, status: call.status } },
        h("span", { className: "call-status" }, ringing ? t("operator.ringing") : t("operator.active")), " ",
        h("strong", {}, call.callerNumber ?? t("operator.hiddenNumber")), " · ",
        h("span", { className: "since", dataset: { since: call.ringAt } }, duration((Date.now() - Date.parse(call.ringAt)) / 1000))));
      return;
    }
    replace(callPanel,
      h("div", { className: `call-card ${call.status}`, id: "current-call", dataset: { callId: call.id, status: call.status } },
        h("div", { className: "call-status" }, ringing ? t("operator.ringing") : t("operator.active")),
        h("div", { className: "call-number" }, call.callerNumber ?? t("operator.hiddenNumber")),
        h("div", { className: "call-meta" },
          `${t("operator.ringAt")} ${time(call.ringAt, true)} · `,
          h("span", { className: "since", dataset: { since: call.ringAt } }, duration((Date.now() - Date.parse(call.ringAt)) / 1000)),
          call.trunk ? ` · ${t("operator.viaTrunk", { trunk: call.trunk })}` : ""),
        historyLine(),
        call.location ? h("div", { className: "call-location" }, `📍 ${call.location.address ?? `${call.location.latitude}, ${call.location.longitude}`}`) : null,
        h("div", { className: "disposition-keys" },
          Object.entries(dispositionKeys).map(([key, disposition]) =>
            h("button", { type: "button", className: "key-button", onclick: () => dispose(disposition) }, h("kbd", {}, key), " ", t(`disposition.${disposition}`))),
          h("button", { type: "button", className: "key-button danger", onclick: () => emergency() }, h("kbd", {}, "D"), " ", t("operator.key.emergency")))));
  }

  function drawRecent() {
    const rows = state.calls.slice(0, 15).map((call) =>
      h("tr", { dataset: { callId: call.id } },
        h("td", {}, time(call.ringAt)),
        h("td", {}, call.callerNumber ?? "–"),
        h("td", {}, call.disposition ? t(`disposition.${call.disposition}`) : t(`callStatus.${call.status}`))));
    replace(recentPanel, h("h2", {}, t("operator.recent")),
      h("table", { className: "compact" }, h("tbody", {}, rows)));
  }

  async function manualCall(number) {
    try {
      const created = await post("/calls", { regionCode: ctx.region.code, channel: "voice112", callerNumber: number.trim() || undefined, answered: true });
      state.manual = false;
      state.current = created.call;
      await load();
    } catch (error) { ctx.fail(error); }
  }

  async function answer() {
    const call = state.current;
    if (!call || call.status !== "ringing") return;
    try {
      await patch(`/calls/${call.id}`, { answer: true });
      await load();
    } catch (error) { ctx.fail(error); }
  }

  async function dispose(disposition) {
    const call = state.current;
    if (!call || state.busy) return;
    state.busy = true;
    try {
      await patch(`/calls/${call.id}`, { answer: call.status === "ringing" ? true : undefined, disposition, end: true });
      ctx.toast(t("operator.closed", { disposition: t(`disposition.${disposition}`) }));
      state.current = null;
      await load();
    } catch (error) { ctx.fail(error); } finally { state.busy = false; }
  }

  async function endCall() {
    const call = state.current;
    if (!call || call.status !== "active") return;
    try { await patch(`/calls/${call.id}`, { end: true }); await load(); } catch (error) { ctx.fail(error); }
  }

  async function emergency() {
    const call = state.current;
    if (!call) return;
    if (call.status === "ringing") {
      try { await patch(`/calls/${call.id}`, { answer: true }); } catch (error) { if (!(error instanceof Problem && error.status === 409)) return ctx.fail(error); }
    }
    state.form = new IncidentForm(ctx, formPanel, {
      call,
      onDone: async (incident) => {
        state.form = null;
        replace(formPanel);
        ctx.toast(t("operator.forwarded", { number: incident.number }));
        await load();
      },
      onCancel: () => { state.form = null; replace(formPanel); draw(); },
      onChange: () => ctx.keys(keyHints()),
    });
    state.form.open();
    drawCall();
    ctx.keys(keyHints());
  }

  function onKey(event, typing) {
    if (state.form) return state.form.onKey(event, typing);
    if (state.manual) {
      if (event.key === "Escape") { state.manual = false; draw(); }
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === "n") { event.preventDefault(); state.manual = true; draw(); return; }
    if (!state.current) return;
    if (event.key === "Enter") { event.preventDefault(); answer(); }
    else if (dispositionKeys[key]) { event.preventDefault(); dispose(dispositionKeys[key]); }
    else if (key === "d") { event.preventDefault(); emergency(); }
    else if (key === "e") { event.preventDefault(); endCall(); }
  }

  let reload = null;
  const refresh = () => { clearTimeout(reload); reload = setTimeout(() => load().catch(ctx.fail), 150); };
  const offEvent = ctx.on("event", (message) => {
    if (message.stream === "call") {
      refresh();
      if (state.form && message.payload?.type === "callLocated" && message.streamId === state.form.call?.id) state.form.located(message.payload.data);
    }
  });
  const offReady = ctx.on("ready", refresh);
  const ticker = setInterval(() => {
    for (const element of view.querySelectorAll(".since")) element.textContent = duration((Date.now() - Date.parse(element.dataset.since)) / 1000);
  }, 1000);
  await load().catch(ctx.fail);
  return { onKey, cleanup: () => { offEvent(); offReady(); clearInterval(ticker); clearTimeout(reload); } };
}
