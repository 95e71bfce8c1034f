// An agency's console: an inbox of the incidents forwarded to it, newest alarm on top with sound and a flash,
// acknowledged with one key; each row opens the incident to assign a unit, report progress and the outcome.
import { get, post } from "../api.js";
import { h, replace } from "../dom.js";
import { t, time, duration } from "../i18n.js";
import { countdown, deadline } from "../clocks.js";

export async function render(ctx, view) {
  const agencyId = ctx.session.agencyId;
  const state = { incidents: [], selected: 0, known: null };
  const banner = h("div", { className: "alarm", id: "alarm", hidden: true, role: "alert" });
  const table = h("table", { className: "board inbox", id: "inbox" });
  const duty = h("button", { type: "button", id: "duty", onclick: () => markDuty(true) }, t("agency.goOnDuty"));
  view.append(h("section", { className: "panel" },
    h("div", { className: "panel-head" }, h("h2", {}, t("agency.inbox", { agency: ctx.agencyName(agencyId) })), duty), banner, table));

  const mine = (incident) => incident.dispatches.findLast((d) => d.agencyId === agencyId);

  async function load() {
    const page = await get("/incidents", { region: ctx.region.code, limit: 100 });
    state.incidents = (page.items ?? []).filter((i) => { const d = mine(i); return d && deadline(i, d); })
      .sort((a, b) => Number(mine(b).status === "notified") - Number(mine(a).status === "notified") || a.priority.localeCompare(b.priority) || Date.parse(mine(a).dispatchedAt) - Date.parse(mine(b).dispatchedAt));
    const waiting = state.incidents.filter((i) => mine(i).status === "notified").map((i) => i.id);
    if (state.known && waiting.some((id) => !state.known.has(id))) alarm(waiting.length);
    state.known = new Set(state.incidents.map((i) => i.id));
    if (!waiting.length) banner.hidden = true;
    draw();
  }

  function draw() {
    const now = Date.now();
    const rows = state.incidents.map((incident, index) => {
      const dispatch = mine(incident);
      const clock = countdown(incident, dispatch, now);
      return h("tr", { className: `row ${clock?.state ?? ""} ${dispatch.status} ${index === state.selected ? "selected" : ""}`, dataset: { incidentId: incident.id, status: dispatch.status } },
        h("td", {}, h("span", { className: `priority ${incident.priority}` }, incident.priority)),
        h("td", { className: "number" }, h("a", { href: `#/incident/${incident.id}` }, incident.number), h("div", { className: "muted" }, time(dispatch.dispatchedAt))),
        h("td", {}, ctx.categoryName(incident.category, incident.subcategory), h("div", { className: "muted" }, incident.location?.address ?? "")),
        h("td", {}, h("span", { className: "chip" }, t(`dispatch.${dispatch.status}`)), clock ? h("div", { className: `countdown ${clock.state}`, dataset: { incidentId: incident.id } }, duration(clock.left)) : null),
        h("td", {}, dispatch.status === "notified"
          ? h("button", { type: "button", className: "primary acknowledge", onclick: () => acknowledge(incident) }, h("kbd", {}, "A"), " ", t("action.acknowledge"))
          : h("a", { href: `#/incident/${incident.id}`, className: "button" }, t("agency.open"))));
    });
    replace(table,
      h("thead", {}, h("tr", {}, [t("board.priority"), t("board.number"), t("board.what"), t("agency.state"), ""].map((c) => h("th", {}, c)))),
      h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colSpan: 5, className: "empty" }, t("agency.none")))));
  }

  function alarm(count) {
    banner.hidden = false;
    banner.textContent = t("agency.newDispatch", { count });
    banner.classList.remove("flash");
    void banner.offsetWidth;
    banner.classList.add("flash");
    beep();
  }

  async function acknowledge(incident) {
    try {
      await post(`/incidents/${incident.id}/events`, { type: "acknowledgeDispatch", version: incident.version, agencyId });
      ctx.toast(t("done.acknowledgeDispatch"));
      await load();
    } catch (error) { ctx.fail(error); await load(); }
  }

  async function markDuty(onDuty) {
    try {
      await post(`/agencies/${agencyId}/duty`, { onDuty });
      duty.textContent = t("agency.onDuty");
      duty.disabled = true;
    } catch (error) { ctx.fail(error); }
  }

  function onKey(event, typing) {
    if (typing || event.ctrlKey || event.altKey || event.metaKey) return;
    const key = event.key.toLowerCase();
    if (key === "a") {
      const waiting = state.incidents.find((i) => mine(i).status === "notified");
      if (waiting) { event.preventDefault(); acknowledge(waiting); }
    } else if (event.key === "ArrowDown") { state.selected = Math.min(state.selected + 1, state.incidents.length - 1); draw(); event.preventDefault(); }
    else if (event.key === "ArrowUp") { state.selected = Math.max(state.selected - 1, 0); draw(); event.preventDefault(); }
    else if (event.key === "Enter" && state.incidents[state.selected]) ctx.navigate(`#/incident/${state.incidents[state.selected].id}`);
  }

  let reload = null;
  const refresh = () => { clearTimeout(reload); reload = setTimeout(() => load().catch(ctx.fail), 150); };
  const offEvent = ctx.on("event", (message) => { if (message.stream === "incident") refresh(); });
  const offReady = ctx.on("ready", refresh);
  // Only the countdowns move each second, so a button is never replaced under the mouse.
  const ticker = setInterval(() => {
    for (const element of table.querySelectorAll(".countdown")) {
      const incident = state.incidents.find((i) => i.id === element.dataset.incidentId);
      const clock = incident && countdown(incident, mine(incident));
      if (!clock) continue;
      element.className = `countdown ${clock.state}`;
      element.textContent = duration(clock.left);
    }
  }, 1000);
  ctx.keys([["A", t("agency.key.acknowledge")], ["↑↓", t("board.key.move")], ["Enter", t("board.key.open")]]);
  await load().catch(ctx.fail);
  return { onKey, cleanup: () => { offEvent(); offReady(); clearInterval(ticker); clearTimeout(reload); } };
}

let audio = null;
/** Two short tones: a new dispatch must be heard across the room. */
function beep() {
  try {
    audio ??= new AudioContext();
    for (const [offset, frequency] of [[0, 880], [0.25, 660]]) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.value = 0.2;
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(audio.currentTime + offset);
      oscillator.stop(audio.currentTime + offset + 0.2);
    }
  } catch { /* no sound device: the flash still shows */ }
}
