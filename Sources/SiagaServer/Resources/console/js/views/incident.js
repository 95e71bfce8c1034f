// One incident: what, where, who has it and how far each agency got (with its countdown), the full timeline, and
// the actions the signed-in person may take next. An incident the person may not see gives the server's reason,
// and nothing of the incident.
import { api, get, post, Problem } from "../api.js";
import { h, replace } from "../dom.js";
import { t, time, dateTime, duration } from "../i18n.js";
import { countdown } from "../clocks.js";
import { transferPanel } from "../transfers.js";

export async function render(ctx, view, { id }) {
  const state = { incident: null, events: [], suggestions: {} };
  const head = h("section", { className: "panel incident-head", id: "incident" });
  const dispatchBox = h("section", { className: "panel" });
  const timeline = h("section", { className: "panel timeline", id: "timeline" });
  view.append(h("div", { className: "incident-layout" }, h("div", {}, head, dispatchBox), timeline));

  async function load() {
    try {
      const [incident, events] = await Promise.all([get(`/incidents/${encodeURIComponent(id)}`), get(`/incidents/${encodeURIComponent(id)}/events`)]);
      state.incident = incident;
      state.events = events.items ?? [];
      draw();
    } catch (error) {
      if (error instanceof Problem && [403, 404].includes(error.status)) {
        replace(view, h("section", { className: "panel denied", id: "denied", role: "alert" },
          h("h2", {}, error.status === 403 ? t("incident.denied") : t("incident.notFound")),
          h("p", {}, error.message)));
        return;
      }
      throw error;
    }
  }

  function draw() {
    const incident = state.incident;
    replace(head,
      h("div", { className: "incident-title" },
        h("span", { className: `priority ${incident.priority}` }, incident.priority),
        h("h2", {}, incident.number),
        h("span", { className: `status ${incident.status}`, id: "incident-status" }, t(`status.${incident.status}`))),
      h("dl", { className: "facts" },
        fact(t("incident.what"), ctx.categoryName(incident.category, incident.subcategory)),
        fact(t("incident.where"), incident.location?.address ?? "–", incident.location?.latitude ? h("a", { href: `https://www.openstreetmap.org/?mlat=${incident.location.latitude}&mlon=${incident.location.longitude}#map=17/${incident.location.latitude}/${incident.location.longitude}`, target: "_blank", rel: "noopener" }, t("incident.openMap")) : null),
        fact(t("incident.description"), incident.description),
        fact(t("incident.caller"), [incident.callerName, incident.callerNumber].filter(Boolean).join(" · ") || "–"),
        fact(t("incident.opened"), `${dateTime(incident.createdAt)} · ${incident.createdBy}`)),
      incident.needsRerouting ? h("p", { className: "alert" }, t("incident.needsRerouting")) : null,
      incident.verification?.pending ? h("p", { className: "alert verification", id: "awaiting-verification", role: "alert" }, t("incident.awaitingVerification", { source: incident.verification.request.source.toUpperCase() })) : null,
      transferPanel(ctx, incident, load),
      incidentActions(incident));
    replace(dispatchBox, h("h3", {}, t("incident.dispatches")),
      incident.dispatches.length ? incident.dispatches.map(dispatchCard) : h("p", { className: "empty" }, t("board.notForwarded")));
    replace(timeline, h("h3", {}, t("incident.timeline")),
      h("ol", { className: "events" }, [...state.events].reverse().map((event) =>
        h("li", { className: `event ${event.type}`, dataset: { type: event.type } },
          h("time", {}, time(event.at, true)), " ", h("strong", {}, t(`event.${event.type}`)), " ",
          h("span", { className: "muted" }, describe(event)), h("div", { className: "actor" }, event.actor)))));
  }

  const fact = (label, ...value) => [h("dt", {}, label), h("dd", {}, ...value)];

  function describe(event) {
    const data = event.data ?? {};
    if (event.type === "noticeReported") {
      return [ctx.agencyName(data.agencyId), t(`channel.${data.channel}`), t(`notice.${data.step}`), data.recipient,
        data.phone, data.attempt > 1 ? t("notice.attempt", { count: data.attempt }) : null,
        data.detail === "channelOff" ? t("notice.channelOff") : data.detail].filter(Boolean).join(" · ");
    }
    if (event.type.startsWith("transfer")) {
      return [data.peerName, data.centerName, data.incidentNumber, data.peerIncidentNumber, data.reason, data.peerPhone].filter(Boolean).join(" · ");
    }
    if (data.agencyId && data.stage) return `${ctx.agencyName(data.agencyId)} · ${t(`interval.${data.interval}`)} · ${t(`stage.${data.stage}`)}`;
    if (data.stage) return `${t(`interval.${data.interval}`)} · ${t(`stage.${data.stage}`)}`;
    if (data.agencyId) return [ctx.agencyName(data.agencyId), data.reason, data.callsign, data.outcome?.summary].filter(Boolean).join(" · ");
    if (data.to && data.from) return `${ctx.agencyName(data.from)} → ${ctx.agencyName(data.to)} · ${data.reason ?? ""}`;
    if (data.chosen) return data.chosen.map(ctx.agencyName).join(", ");
    return data.text ?? data.reason ?? data.summary ?? data.note ?? "";
  }

  function dispatchCard(dispatch) {
    const clock = countdown(state.incident, dispatch);
    const mine = ctx.session.agencyId === dispatch.agencyId;
    const mayAct = ctx.can("dispatch.update") && (mine || !ctx.session.agencyId);
    return h("div", { className: `dispatch-card ${dispatch.status} ${clock?.state ?? ""}`, dataset: { agencyId: dispatch.agencyId, status: dispatch.status } },
      h("div", { className: "dispatch-head" },
        h("strong", {}, ctx.agencyName(dispatch.agencyId)), " ",
        h("span", { className: "chip" }, t(`dispatch.${dispatch.status}`)),
        clock ? h("span", { className: `countdown ${clock.state}`, dataset: { agencyId: dispatch.agencyId } }, `${t(`interval.${clock.interval}`)} ${duration(clock.left)}`) : null),
      h("div", { className: "muted" }, `${t("incident.forwardedAt")} ${time(dispatch.dispatchedAt, true)} · ${t(`channel.${dispatch.channel}`)}`,
        dispatch.acknowledgement ? ` · ${t("dispatch.acknowledged")} ${time(dispatch.acknowledgement.at, true)}` : "",
        dispatch.units.length ? ` · ${dispatch.units.map((u) => u.callsign).join(", ")}` : "",
        dispatch.endReason ? ` · ${dispatch.endReason}` : ""),
      reachLine(dispatch),
      mayAct ? dispatchActions(dispatch) : null);
  }

  // How far Siaga112 got in reaching the agency by itself; a phone task, while the agency has not answered, is
  // the call taker's to do now.
  function reachLine(dispatch) {
    const reach = dispatch.reach;
    if (!reach) return null;
    const waiting = dispatch.status === "notified";
    const task = waiting && reach.phoneTask
      ? h("p", { className: "alert phone-task", dataset: { agencyId: dispatch.agencyId } }, `${t("notice.phoneNow")} `,
        h("a", { href: `tel:${reach.phoneTask.phone}` }, reach.phoneTask.phone), ` · ${reach.phoneTask.label ?? ""}`)
      : null;
    const failed = waiting && reach.anyFailed && !reach.phoneTask
      ? h("p", { className: "alert not-reached" }, t("notice.failedPhone", { phone: ctx.agencyPhone(dispatch.agencyId) }))
      : null;
    return [h("div", { className: "muted reach", dataset: { step: reach.step } },
      `${t("notice.reach")} ${t(`channel.${reach.channel}`)} · ${t(`notice.${reach.step}`)} ${time(reach.at, true)}`), failed, task];
  }

  function dispatchActions(dispatch) {
    const actions = dispatch.nextActions ?? [];
    const buttons = [];
    const agencyId = dispatch.agencyId;
    if (actions.includes("acknowledge")) buttons.push(button("acknowledge", () => command("acknowledgeDispatch", { agencyId }), "A"));
    if (actions.includes("assignUnit")) buttons.push(unitPicker(dispatch));
    if (actions.includes("markEnRoute")) buttons.push(button("markEnRoute", () => command("markEnRoute", { agencyId, unitId: dispatch.units[0]?.unitId })));
    if (actions.includes("markOnScene")) buttons.push(button("markOnScene", () => command("markOnScene", { agencyId, unitId: dispatch.units[0]?.unitId })));
    if (actions.includes("complete")) buttons.push(button("complete", () => complete(agencyId)));
    if (actions.includes("decline") && ctx.session.agencyId) buttons.push(button("decline", () => withReason((reason) => command("declineDispatch", { agencyId, reason }))));
    if (actions.includes("reroute") && ctx.can("incident.update")) buttons.push(reroutePicker(dispatch));
    return h("div", { className: "actions" }, buttons);
  }

  function incidentActions(incident) {
    const buttons = [];
    if (ctx.can("incident.update") && ["logged", "dispatched"].includes(incident.status)) {
      buttons.push(h("form", { className: "inline", onsubmit: (event) => { event.preventDefault(); const text = event.target.note.value.trim(); if (text) command("addNote", { text }); } },
        h("input", { name: "note", placeholder: t("incident.notePlaceholder"), "aria-label": t("incident.addNote") }), h("button", { type: "submit" }, t("incident.addNote"))));
    }
    if (ctx.can("incident.supervise") && incident.status === "resolved") buttons.push(button("close", () => command("close", { note: t("incident.verified") }), "V"));
    if (ctx.can("incident.supervise") && ["resolved", "closed", "cancelled"].includes(incident.status)) buttons.push(button("reopen", () => withReason((reason) => command("reopen", { reason }))));
    const pending = incident.verification?.pending;
    if (ctx.can("incident.update") && incident.status === "logged" && pending) buttons.push(button("verify", () => withReason((note) => command("verify", { note }), "", t("incident.verifyPrompt")), "K"));
    if (ctx.can("incident.update") && incident.status === "logged" && incident.category && !pending) buttons.push(button("forward", () => command("forward", {})));
    return buttons.length ? h("div", { className: "actions" }, buttons) : null;
  }

  function button(action, onclick, key) {
    return h("button", { type: "button", className: `action ${action}`, dataset: { action }, onclick }, key ? [h("kbd", {}, key), " "] : null, t(`action.${action}`));
  }

  function unitPicker(dispatch) {
    const select = h("select", { "aria-label": t("action.assignUnit") }, h("option", { value: "" }, t("incident.pickUnit")));
    get(`/incidents/${state.incident.id}/unit-suggestions`, { agencyId: dispatch.agencyId }).then((page) => {
      for (const unit of page.items ?? []) select.append(h("option", { value: unit.id ?? unit.unitId }, `${unit.callsign}${unit.distanceMeters !== undefined && unit.distanceMeters !== null ? ` · ${(unit.distanceMeters / 1000).toFixed(1)} km` : ""}`));
    }).catch(() => {});
    return h("span", { className: "inline" }, select, button("assignUnit", () => select.value && command("assignUnit", { agencyId: dispatch.agencyId, unitId: select.value })));
  }

  function reroutePicker(dispatch) {
    const select = h("select", { "aria-label": t("action.reroute"), className: "reroute-to" }, h("option", { value: "" }, t("incident.pickAgency")),
      ctx.agencies.filter((a) => a.active && a.id !== dispatch.agencyId).map((a) => h("option", { value: a.id }, a.name)));
    return h("span", { className: "inline" }, select, button("reroute", () => select.value && withReason((reason) => command("rerouteDispatch", { agencyId: dispatch.agencyId, toAgencyId: select.value, reason }), t("incident.rerouteReason"))));
  }

  function withReason(run, preset = "", question = t("incident.reasonPrompt")) {
    const reason = prompt(question, preset);
    if (reason && reason.trim()) run(reason.trim());
  }

  function complete(agencyId) {
    const summary = prompt(t("incident.outcomePrompt"));
    if (!summary || !summary.trim()) return;
    command("completeDispatch", { agencyId, outcome: { summary: summary.trim() } });
  }

  async function command(type, fields) {
    try {
      const answer = await post(`/incidents/${state.incident.id}/events`, { type, version: state.incident.version, ...fields });
      state.incident = answer.incident;
      ctx.toast(t(`done.${type}`));
      await load();
    } catch (error) {
      if (error instanceof Problem && error.status === 409) {
        // Someone else changed the incident first, or its state no longer allows the step: show what it is now.
        ctx.toast(error.isVersionConflict ? t("incident.changedMeanwhile") : error.message, "error");
        await load();
      }
      else ctx.fail(error);
    }
  }

  function onKey(event, typing) {
    if (typing || event.ctrlKey || event.altKey || event.metaKey || !state.incident) return;
    const key = event.key.toLowerCase();
    const click = (selector) => { const element = view.querySelector(selector); if (element) { event.preventDefault(); element.click(); } };
    if (key === "a") click("button[data-action=acknowledge]");
    else if (key === "v") click("button[data-action=close]");
    else if (key === "k") click("button[data-action=verify]");
    else if (key === "l") { const peer = view.querySelector("form.transfer-offer select"); if (peer) { event.preventDefault(); peer.focus(); } }
    else if (event.key === "Escape") history.back();
  }

  let reload = null;
  const offEvent = ctx.on("event", (message) => {
    if (message.stream === "incident" && message.streamId === state.incident?.id) { clearTimeout(reload); reload = setTimeout(() => load().catch(ctx.fail), 150); }
  });
  const offReady = ctx.on("ready", () => load().catch(ctx.fail));
  // Only the countdowns move each second: a picker someone is using is never redrawn under them.
  const ticker = setInterval(() => {
    for (const element of dispatchBox.querySelectorAll(".countdown")) {
      const dispatch = state.incident?.dispatches.findLast((d) => d.agencyId === element.dataset.agencyId);
      const clock = dispatch && countdown(state.incident, dispatch);
      if (!clock) continue;
      element.className = `countdown ${clock.state}`;
      element.textContent = `${t(`interval.${clock.interval}`)} ${duration(clock.left)}`;
    }
  }, 1000);
  ctx.keys([["A", t("action.acknowledge")], ["K", t("action.verify")], ["V", t("action.close")], ["L", t("transfer.offer")], ["Esc", t("key.back")]]);
  await load().catch(ctx.fail);
  return { onKey, cleanup: () => { offEvent(); offReady(); clearInterval(ticker); clearTimeout(reload); } };
}
