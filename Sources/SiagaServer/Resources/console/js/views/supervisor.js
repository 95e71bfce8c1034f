// The supervisor's screen: dispatches past their target or declined, each re-routed from here; resolved
// incidents to verify and close; and the shift handover (serah terima).
import { get, post } from "../api.js";
import { h, replace } from "../dom.js";
import { t, time, dateTime, duration } from "../i18n.js";
import { countdown } from "../clocks.js";

export async function render(ctx, view) {
  const state = { open: [], resolved: [], handovers: [], alarmed: [], trunks: { items: [] }, phones: [] };
  const attention = h("section", { className: "panel", id: "attention" });
  const verify = h("section", { className: "panel", id: "verify" });
  const handover = h("section", { className: "panel", id: "handover" });
  const phonesPanel = h("section", { className: "panel", id: "phones" });
  view.append(h("div", { className: "supervisor-layout" }, attention, h("div", {}, verify, handover, phonesPanel)));

  async function load() {
    const hourAgo = new Date(Date.now() - 3600 * 1000).toISOString();
    const [open, resolved, handovers, calls, trunks, phones] = await Promise.all([
      get("/incidents", { region: ctx.region.code, status: "logged,dispatched", limit: 200 }),
      get("/incidents", { region: ctx.region.code, status: "resolved", limit: 50 }),
      get(`/regions/${ctx.region.code}/handovers`).catch(() => ({ items: [] })),
      get("/calls", { region: ctx.region.code, from: hourAgo, limit: 200 }).catch(() => ({ items: [] })),
      get(`/regions/${ctx.region.code}/trunks`).catch(() => ({ items: [] })),
      get(`/regions/${ctx.region.code}/phones`).catch(() => ({ items: [] })),
    ]);
    Object.assign(state, {
      open: open.items ?? [], resolved: resolved.items ?? [], handovers: handovers.items ?? [],
      alarmed: (calls.items ?? []).filter((call) => call.alarm), trunks, phones: phones.items ?? [],
    });
    draw();
  }

  /** Every dispatch that needs the supervisor: past its target, or declined and waiting for another agency. */
  function needing() {
    const now = Date.now();
    const rows = [];
    for (const incident of state.open) {
      for (const dispatch of incident.dispatches) {
        if (dispatch.status === "declined") rows.push({ incident, dispatch, why: "declined" });
        else if (countdown(incident, dispatch, now)?.state === "overdue") rows.push({ incident, dispatch, why: "overdue" });
      }
      if (!incident.dispatches.length && countdown(incident, null, now)?.state === "overdue") rows.push({ incident, dispatch: null, why: "notForwarded" });
    }
    return rows.sort((a, b) => a.incident.priority.localeCompare(b.incident.priority));
  }

  // What the supervisor picked in a re-route form survives a redraw, and nothing is redrawn under their hands.
  const picks = new Map();
  attention.addEventListener("focusout", () => setTimeout(() => { if (state.pendingDraw && !busy()) draw(); }, 0));
  const busy = () => attention.contains(document.activeElement) && ["SELECT", "INPUT", "BUTTON"].includes(document.activeElement.tagName);

  function draw() {
    if (busy()) { state.pendingDraw = true; return; }
    state.pendingDraw = false;
    const rows = needing().map(({ incident, dispatch, why }) => {
      const clock = countdown(incident, dispatch);
      return h("tr", { className: `row ${why === "declined" ? "declined" : "overdue"}`, dataset: { incidentId: incident.id, agencyId: dispatch?.agencyId ?? "", why } },
        h("td", {}, h("span", { className: `priority ${incident.priority}` }, incident.priority)),
        h("td", {}, h("a", { href: `#/incident/${incident.id}`, className: "number" }, incident.number), h("div", { className: "muted" }, ctx.categoryName(incident.category, incident.subcategory))),
        h("td", {}, dispatch ? ctx.agencyName(dispatch.agencyId) : t("board.notForwarded"), h("div", { className: "muted" }, t(`supervisor.why.${why}`), clock ? ` · ${duration(clock.left)}` : "")),
        h("td", {}, dispatch && dispatch.nextActions.includes("reroute") ? reroute(incident, dispatch) : h("a", { href: `#/incident/${incident.id}`, className: "button" }, t("agency.open"))));
    });
    // The phone network's alarms first: a 112 call that reached no call taker the normal way, within the hour.
    const alarms = state.alarmed.map((call) =>
      h("tr", { className: `row ${call.status === "ringing" ? "overdue" : "declined"}`, dataset: { callId: call.id, alarm: call.alarm } },
        h("td", {}, "📞"),
        h("td", {}, call.callerNumber ?? t("operator.hiddenNumber"), h("div", { className: "muted" }, `${time(call.ringAt, true)}${call.trunk ? ` · ${call.trunk}` : ""}`)),
        h("td", {}, t(`supervisor.alarm.${call.alarm}`), h("div", { className: "muted" }, t(`callStatus.${call.status}`), call.callTaker ? ` · ${call.callTaker}` : "")),
        h("td", {})));
    // An operator's trunk gone silent: its callers may not be getting through to 112 at all.
    const silent = (state.trunks.items ?? []).filter((trunk) => trunk.silent).map((trunk) =>
      h("tr", { className: "row overdue", dataset: { trunk: trunk.trunk } },
        h("td", {}, "📡"),
        h("td", {}, trunk.trunk, h("div", { className: "muted" }, trunk.lastCallAt ? time(trunk.lastCallAt) : "–")),
        h("td", {}, t("supervisor.trunkSilent", { minutes: state.trunks.silenceMinutes, expected: Math.round(trunk.expectedInWindow) })),
        h("td", {})));
    alarms.unshift(...silent);
    replace(attention, h("h2", {}, t("supervisor.attention")),
      h("table", { className: "board", id: "attention-list" }, h("tbody", {}, alarms.length + rows.length ? [...alarms, ...rows] : h("tr", {}, h("td", { className: "empty" }, t("supervisor.allWell"))))));

    replace(verify, h("h2", {}, t("supervisor.verify")),
      h("table", { className: "board" }, h("tbody", {}, state.resolved.length ? state.resolved.map((incident) =>
        h("tr", { dataset: { incidentId: incident.id } },
          h("td", {}, h("a", { href: `#/incident/${incident.id}` }, incident.number)),
          h("td", {}, ctx.categoryName(incident.category, incident.subcategory), h("div", { className: "muted" }, incident.resolution ?? "")),
          h("td", {}, time(incident.resolvedAt)),
          h("td", {}, h("button", { type: "button", onclick: () => close(incident) }, t("action.close"))))) :
        h("tr", {}, h("td", { className: "empty" }, t("supervisor.nothingToVerify"))))));

    const note = h("textarea", { id: "handover-note", rows: 3, placeholder: t("supervisor.handoverPlaceholder"), "aria-label": t("supervisor.handover") });
    const latest = state.handovers[0];
    replace(handover, h("h2", {}, t("supervisor.handover")),
      latest ? h("div", { className: "handover" },
        h("div", { className: "muted" }, `${latest.shift.name} ${latest.shift.day} · ${latest.writtenBy} · ${dateTime(latest.writtenAt)}`),
        h("p", {}, latest.note),
        h("div", { className: "muted" }, t("supervisor.handoverSummary", { open: latest.summary.openIncidents.length, overdue: latest.summary.overdueDispatches.length, calls: latest.summary.callCount })),
        latest.acknowledgedAt ? h("div", { className: "muted" }, t("supervisor.received", { who: latest.acknowledgedBy, at: dateTime(latest.acknowledgedAt) }))
          : h("button", { type: "button", onclick: () => acknowledgeHandover(latest) }, t("supervisor.receive"))) : null,
      h("form", { onsubmit: (event) => { event.preventDefault(); writeHandover(note.value); } }, note, h("button", { type: "submit" }, t("supervisor.writeHandover"))));
    drawPhones();
  }

  /** The phones: a call taker signed in whose phone is not registered does not ring. */
  function drawPhones() {
    const rows = state.phones.map((phone) => {
      const people = phone.people.map((p) => `${p.displayName}${p.signedIn ? " ●" : ""}`).join(", ");
      const alarm = !phone.registered && phone.people.some((p) => p.signedIn && p.role === "callTaker");
      return h("tr", { className: alarm ? "row overdue" : "", dataset: { phone: phone.phone, registered: String(phone.registered) } },
        h("td", {}, phone.phone), h("td", {}, people),
        h("td", {}, phone.callId ? t("supervisor.phone.onCall") : phone.registered ? t("supervisor.phone.registered") : t("supervisor.phone.unregistered")));
    });
    replace(phonesPanel, h("h2", {}, t("supervisor.phones")),
      h("table", { className: "board compact" }, h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { className: "empty" }, t("supervisor.phone.none"))))));
  }

  function reroute(incident, dispatch) {
    const key = `${incident.id}|${dispatch.agencyId}`;
    const picked = picks.get(key) ?? {};
    const select = h("select", { className: "reroute-to", "aria-label": t("action.reroute"), onchange: () => picks.set(key, { ...picks.get(key), to: select.value }) },
      h("option", { value: "" }, t("incident.pickAgency")),
      ctx.agencies.filter((a) => a.active && a.id !== dispatch.agencyId).map((a) => h("option", { value: a.id, selected: a.id === picked.to }, a.name)));
    const reason = h("input", { className: "reroute-reason", placeholder: t("incident.rerouteReason"), "aria-label": t("incident.rerouteReason"),
      value: picked.reason ?? t(`supervisor.defaultReason.${dispatch.status === "declined" ? "declined" : "overdue"}`),
      oninput: () => picks.set(key, { ...picks.get(key), reason: reason.value }) });
    return h("form", { className: "inline reroute", onsubmit: async (event) => {
      event.preventDefault();
      if (!select.value) return select.focus();
      try {
        await post(`/incidents/${incident.id}/events`, { type: "rerouteDispatch", version: incident.version, agencyId: dispatch.agencyId, toAgencyId: select.value, reason: reason.value.trim() || t("supervisor.defaultReason.overdue") });
        ctx.toast(t("done.rerouteDispatch"));
        await load();
      } catch (error) { ctx.fail(error); await load(); }
    } }, select, reason, h("button", { type: "submit", className: "primary" }, t("action.reroute")));
  }

  async function close(incident) {
    try { await post(`/incidents/${incident.id}/events`, { type: "close", version: incident.version, note: t("incident.verified") }); ctx.toast(t("done.close")); await load(); }
    catch (error) { ctx.fail(error); }
  }

  async function writeHandover(note) {
    if (!note.trim()) return;
    try { await post(`/regions/${ctx.region.code}/handovers`, { note: note.trim() }); ctx.toast(t("supervisor.handoverWritten")); await load(); }
    catch (error) { ctx.fail(error); }
  }

  async function acknowledgeHandover(latest) {
    try { await post(`/handovers/${latest.id}/acknowledgement`, {}); await load(); } catch (error) { ctx.fail(error); }
  }

  let reload = null;
  const refresh = () => { clearTimeout(reload); reload = setTimeout(() => load().catch(ctx.fail), 200); };
  const offEvent = ctx.on("event", (message) => {
    if (message.stream === "incident" || (message.stream === "call" && message.payload?.type === "callAlarmed")) refresh();
  });
  const offReady = ctx.on("ready", refresh);
  // A target passing is not an event of its own until the engine records it: look again every few seconds.
  const ticker = setInterval(draw, 5000);
  // A trunk goes silent with no event at all: its calls simply stop coming. Look again every minute.
  const trunkWatch = setInterval(refresh, 60000);
  ctx.keys([["Alt+1…", t("key.screens")]]);
  await load().catch(ctx.fail);
  return { cleanup: () => { offEvent(); offReady(); clearInterval(ticker); clearInterval(trunkWatch); clearTimeout(reload); } };
}
