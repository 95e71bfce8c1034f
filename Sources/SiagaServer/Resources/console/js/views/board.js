// The command center's board: open incidents by priority and age, every dispatch with its state and a countdown
// to its target, overdue ones impossible to miss; beside it the map of incidents, units and posts.
import { get } from "../api.js";
import { h, replace } from "../dom.js";
import { t, time, duration } from "../i18n.js";
import { countdown, worst } from "../clocks.js";
import { RegionMap } from "../map.js";
import { warningStrip } from "../warnings.js";
import { transferTray } from "../transfers.js";

export async function render(ctx, view) {
  const state = { incidents: [], selected: 0 };
  const table = h("table", { className: "board", id: "board" });
  const mapBox = h("div", { className: "map", id: "map" });
  const counts = h("div", { className: "counts", id: "board-counts" });
  const warnings = warningStrip(ctx);
  const transfers = transferTray(ctx);
  view.append(h("div", { className: "board-layout" },
    h("section", { className: "panel" }, h("div", { className: "panel-head" }, h("h2", {}, t("board.title")), counts), transfers.element, warnings.element, table),
    h("section", { className: "panel map-panel" }, mapBox)));
  const map = new RegionMap(mapBox, ctx);

  async function load() {
    const page = await get("/incidents", { region: ctx.region.code, status: "logged,dispatched", limit: 200 });
    const rank = { overdue: 0, warning: 1, ok: 2 };
    state.incidents = (page.items ?? []).sort((a, b) =>
      a.priority.localeCompare(b.priority) || rank[worst(a)] - rank[worst(b)] || Date.parse(a.createdAt) - Date.parse(b.createdAt));
    draw();
    map.showIncidents(state.incidents);
  }

  function draw() {
    const now = Date.now();
    const overdue = state.incidents.filter((i) => worst(i, now) === "overdue").length;
    replace(counts,
      h("span", { className: "count" }, t("board.open", { count: state.incidents.length })),
      overdue ? h("span", { className: "count overdue", id: "overdue-count" }, t("board.overdue", { count: overdue })) : null);
    const rows = state.incidents.map((incident, index) => {
      const flag = worst(incident, now);
      return h("tr", { className: `row ${flag} ${index === state.selected ? "selected" : ""}`, dataset: { incidentId: incident.id, state: flag },
        onclick: () => ctx.navigate(`#/incident/${incident.id}`) },
        h("td", {}, h("span", { className: `priority ${incident.priority}` }, incident.priority)),
        h("td", { className: "number" }, incident.number, h("div", { className: "muted" }, time(incident.createdAt))),
        h("td", {}, ctx.categoryName(incident.category, incident.subcategory), h("div", { className: "muted" }, incident.location?.address ?? "")),
        h("td", { className: "age", dataset: { since: incident.createdAt } }, duration((now - Date.parse(incident.createdAt)) / 1000)),
        h("td", { className: "dispatches" }, transferChip(incident), dispatchChips(incident, now)));
    });
    replace(table,
      h("thead", {}, h("tr", {}, [t("board.priority"), t("board.number"), t("board.what"), t("board.age"), t("board.agencies")].map((c) => h("th", {}, c)))),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colSpan: 5, className: "empty" }, t("board.none")))));
  }

  // An offer to a neighbouring 112 still open: waiting, or unanswered with the number to phone.
  function transferChip(incident) {
    const open = (incident.transfers ?? []).findLast((item) => ["requested", "unanswered"].includes(item.state));
    if (!open) return null;
    const unanswered = open.state === "unanswered";
    return h("span", { className: `chip transfer ${unanswered ? "overdue" : ""}`, dataset: { transfer: open.state } },
      `⇄ ${open.peerName} · ${t(`transfer.state.${open.state}`)}`,
      unanswered && open.peerPhone ? h("a", { className: "phone-task", href: `tel:${open.peerPhone}`, onclick: (e) => e.stopPropagation() }, ` ☎ ${open.peerPhone}`) : "");
  }

  function dispatchChips(incident, now) {
    if (incident.verification?.pending) return h("span", { className: "chip verify", dataset: { verify: "pending" } }, t("board.awaitingVerification"));
    if (!incident.dispatches?.length) {
      const clock = countdown(incident, null, now);
      return h("span", { className: `chip ${clock?.state ?? ""}` }, t("board.notForwarded"), clock ? ` · ${duration(clock.left)}` : "");
    }
    return incident.dispatches.filter((d) => d.status !== "rerouted").map((dispatch) => {
      const clock = countdown(incident, dispatch, now);
      const reach = unreached(dispatch);
      return h("span", { className: `chip ${dispatch.status} ${clock?.state ?? ""} ${reach ? "unreached" : ""}`, dataset: { agencyId: dispatch.agencyId, status: dispatch.status, reach: reach ?? "" },
        title: clock ? t(`interval.${clock.interval}`) : "" },
        `${shortName(ctx.agencyName(dispatch.agencyId))} · ${t(`dispatch.${dispatch.status}`)}`,
        clock ? h("span", { className: "left", dataset: { incidentId: incident.id, agencyId: dispatch.agencyId } }, ` · ${duration(clock.left)}`) : "",
        reach === "phone" ? h("a", { className: "phone-task", href: `tel:${dispatch.reach.phoneTask.phone}`, onclick: (e) => e.stopPropagation() }, ` ☎ ${dispatch.reach.phoneTask.phone}`)
          : reach ? h("span", { className: "not-reached" }, ` · ${t("notice.notReached")}`) : "");
    });
  }

  // An agency still to acknowledge that Siaga112 could not reach by itself: a phone task raised (phone now), or a
  // message that failed (the call taker may phone at once).
  function unreached(dispatch) {
    if (dispatch.status !== "notified" || !dispatch.reach) return null;
    if (dispatch.reach.phoneTask) return "phone";
    return dispatch.reach.anyFailed ? "failed" : null;
  }

  const shortName = (name) => name.replace(/^Dinas |Kabupaten |Kota /g, "").replace(/ Kabupaten .*| Kota .*/, "").slice(0, 22);

  function onKey(event, typing) {
    if (typing || event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.key === "ArrowDown" || event.key === "j") { state.selected = Math.min(state.selected + 1, state.incidents.length - 1); draw(); event.preventDefault(); }
    else if (event.key === "ArrowUp" || event.key === "k") { state.selected = Math.max(state.selected - 1, 0); draw(); event.preventDefault(); }
    else if (event.key === "Enter" && state.incidents[state.selected]) { ctx.navigate(`#/incident/${state.incidents[state.selected].id}`); }
  }

  let reload = null;
  const refresh = () => { clearTimeout(reload); reload = setTimeout(() => load().catch(ctx.fail), 200); };
  const offEvent = ctx.on("event", (message) => {
    if (message.stream === "incident") refresh();
    if (message.stream === "unit") map.refreshUnits();
  });
  const offReady = ctx.on("ready", () => { refresh(); warnings.load().catch(ctx.fail); transfers.load().catch(ctx.fail); });
  // Each second the ages and countdowns move; a state that changes (ok → warning → overdue) redraws the board.
  const ticker = setInterval(() => {
    const now = Date.now();
    let changed = false;
    for (const element of table.querySelectorAll(".age")) element.textContent = duration((now - Date.parse(element.dataset.since)) / 1000);
    for (const element of table.querySelectorAll(".left")) {
      const incident = state.incidents.find((i) => i.id === element.dataset.incidentId);
      const dispatch = incident?.dispatches.findLast((d) => d.agencyId === element.dataset.agencyId);
      const clock = dispatch && countdown(incident, dispatch, now);
      if (!clock) continue;
      element.textContent = ` · ${duration(clock.left)}`;
      if (!element.parentElement.classList.contains(clock.state)) changed = true;
    }
    for (const row of table.querySelectorAll("tr.row")) {
      const incident = state.incidents.find((i) => i.id === row.dataset.incidentId);
      if (incident && worst(incident, now) !== row.dataset.state) changed = true;
    }
    if (changed) draw();
  }, 1000);
  ctx.keys([["↑↓", t("board.key.move")], ["Enter", t("board.key.open")], ["Alt+1…", t("key.screens")]]);
  await Promise.all([load(), warnings.load(), transfers.load()]).catch(ctx.fail);
  map.open().then(() => map.showIncidents(state.incidents)).catch(() => {});
  return { onKey, cleanup: () => { offEvent(); offReady(); warnings.cleanup(); transfers.cleanup(); clearInterval(ticker); clearTimeout(reload); map.remove(); } };
}
