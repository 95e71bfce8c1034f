// Handing incidents over to a neighbouring region's 112. On the incident: where it came from, each offer with its
// state (an unanswered one tells the call taker to phone the neighbour, with the number), and the form to offer it
// (key L). On the board: the tray of requests neighbours sent, each accepted (the new incident opens) or declined
// with a reason; it refreshes itself when the live feed brings a change.
import { get, post, Problem } from "./api.js";
import { h, replace } from "./dom.js";
import { t, time } from "./i18n.js";

export function transferPanel(ctx, incident, reload) {
  const panel = h("div", { className: "transfers", id: "transfers" });
  const parts = [];
  const origin = incident.transferredFrom;
  if (origin) {
    parts.push(h("p", { className: "transferred-from", id: "transferred-from" },
      t("transfer.from", { center: origin.centerName, number: origin.incidentNumber })));
  }
  for (const transfer of incident.transfers ?? []) parts.push(transferLine(ctx, incident, transfer, reload));
  // One neighbour at a time, and none once a neighbour has taken the incident over.
  const settled = (incident.transfers ?? []).some((item) => ["requested", "unanswered", "accepted"].includes(item.state));
  if (ctx.can("incident.update") && ["logged", "dispatched"].includes(incident.status) && !settled) {
    parts.push(offerForm(ctx, incident, reload));
  }
  replace(panel, parts);
  return parts.length ? panel : null;
}

function transferLine(ctx, incident, transfer, reload) {
  const state = h("span", { className: `transfer-state ${transfer.state}` }, t(`transfer.state.${transfer.state}`));
  const line = h("div", { className: `transfer ${transfer.state}`, dataset: { transferId: transfer.id, state: transfer.state } },
    h("strong", {}, transfer.peerName), " · ", state, " · ", time(transfer.requestedAt, true),
    transfer.peerIncidentNumber ? [" · ", h("span", { className: "peer-number" }, transfer.peerIncidentNumber)] : null,
    transfer.endReason ? [" · ", transfer.endReason] : null);
  if (transfer.state === "unanswered") {
    line.append(h("p", { className: "alert", role: "alert" },
      t("transfer.phone", { center: transfer.peerName, phone: transfer.peerPhone ?? "–" })));
  }
  if (ctx.can("incident.update") && ["requested", "unanswered"].includes(transfer.state)) {
    line.append(h("button", { type: "button", className: "action withdraw", dataset: { action: "withdrawTransfer" }, onclick: async () => {
      const reason = prompt(t("transfer.withdrawPrompt"));
      if (!reason || !reason.trim()) return;
      try {
        await post(`/incidents/${incident.id}/transfers/${encodeURIComponent(transfer.id)}/withdraw`, { reason: reason.trim() });
        ctx.toast(t("transfer.withdrawn"));
        await reload();
      } catch (error) { ctx.fail(error); }
    } }, t("transfer.withdraw")));
  }
  return line;
}

function offerForm(ctx, incident, reload) {
  const select = h("select", { name: "peer", "aria-label": t("transfer.peer") }, h("option", { value: "" }, t("transfer.pickPeer")));
  get(`/regions/${incident.regionCode}/transfer-peers`).then((page) => {
    for (const peer of page.items ?? []) select.append(h("option", { value: peer.regionCode }, peer.name));
  }).catch(() => {});
  const reason = h("input", { name: "reason", placeholder: t("transfer.reasonPlaceholder"), "aria-label": t("transfer.reason") });
  return h("form", { className: "inline transfer-offer", dataset: { action: "transfer" }, onsubmit: async (event) => {
    event.preventDefault();
    if (!select.value) { select.focus(); return; }
    if (!reason.value.trim()) { reason.focus(); return; }
    try {
      await post(`/incidents/${incident.id}/transfers`, { peer: select.value, reason: reason.value.trim() });
      ctx.toast(t("transfer.sent"));
      await reload();
    } catch (error) {
      if (error instanceof Problem && [409, 422].includes(error.status)) ctx.toast(error.message, "error");
      else ctx.fail(error);
    }
  } }, h("kbd", {}, "L"), " ", select, reason, h("button", { type: "submit" }, t("transfer.offer")));
}

export function transferTray(ctx) {
  const tray = h("div", { className: "transfer-tray", id: "transfer-tray", role: "status" });
  const mayAnswer = ctx.can("incident.create");
  async function load() {
    if (!mayAnswer) return;
    const page = await get(`/regions/${ctx.region.code}/transfers`);
    const pending = (page.items ?? []).filter((item) => item.state === "pending");
    replace(tray, pending.map((item) => h("div", { className: "transfer-request", dataset: { transferId: item.id }, role: "alert" },
      h("strong", {}, t("transfer.request", { center: item.origin.centerName, number: item.origin.incidentNumber })),
      item.priority ? [" ", h("span", { className: `priority ${item.priority}` }, item.priority)] : null,
      " · ", item.summary, " · ", h("em", {}, item.reason),
      h("span", { className: "actions" },
        h("button", { type: "button", className: "action accept", dataset: { action: "acceptTransfer" }, onclick: () => answer(item, "accept") }, t("transfer.accept")),
        h("button", { type: "button", className: "action decline", dataset: { action: "declineTransfer" }, onclick: () => answer(item, "decline") }, t("transfer.decline"))))));
  }
  async function answer(item, how) {
    let body;
    if (how === "decline") {
      const reason = prompt(t("transfer.declinePrompt"));
      if (!reason || !reason.trim()) return;
      body = { reason: reason.trim() };
    }
    try {
      const answered = await post(`/regions/${ctx.region.code}/transfers/${encodeURIComponent(item.id)}/${how}`, body);
      ctx.toast(t(how === "accept" ? "transfer.accepted" : "transfer.declined"));
      if (how === "accept" && answered.incidentId) ctx.navigate(`#/incident/${answered.incidentId}`);
      else await load();
    } catch (error) {
      if (error instanceof Problem && [404, 409, 422].includes(error.status)) { ctx.toast(error.message, "error"); await load(); }
      else ctx.fail(error);
    }
  }
  const off = ctx.on("event", (message) => { if (message.stream === "transfer") load().catch(ctx.fail); });
  return { element: tray, load, cleanup: off };
}
