// The console's shell: sign-in, the header (region, clock in the region's zone, live-feed indicator, language),
// role-aware navigation, keyboard routing and the live feed every screen listens to.
import { api, get, setCSRF, setLanguage as setAPILanguage, Problem } from "./api.js";
import { h, replace, typing } from "./dom.js";
import { t, setLanguage, language, setZone, zoneName, time, addWords } from "./i18n.js";
import { LiveFeed } from "./live.js";

const screens = {
  operator: { module: "./views/operator.js", roles: ["callTaker", "supervisor"] },
  board: { module: "./views/board.js", roles: ["callTaker", "supervisor", "leader"] },
  supervisor: { module: "./views/supervisor.js", roles: ["supervisor"] },
  agency: { module: "./views/agency.js", roles: ["agencyOperator"] },
  field: { module: "./views/field.js", roles: ["fieldOfficer"] },
  leader: { module: "./views/leader.js", roles: ["leader", "supervisor", "admin"] },
  admin: { module: "./views/admin.js", roles: ["admin"] },
  // Public warnings: a supervisor, or the region's BPBD among the agencies.
  warnings: { module: "./views/warnings.js", roles: ["supervisor", "agencyOperator"], permission: "warning.issue",
    agencyKind: "bpbd" },
  incident: { module: "./views/incident.js", roles: null, hidden: true },
};

const home = {
  callTaker: "operator", supervisor: "board", agencyOperator: "agency", fieldOfficer: "field", leader: "leader",
  admin: "admin",
};

const listeners = new Map();
const ctx = {
  session: null,
  region: null,
  regions: [],
  agencies: [],
  categories: [],
  live: null,
  /** Subscribes to a live-feed happening ("event", "ready", "resync"); returns the unsubscribe function. */
  on(type, fn) {
    if (!listeners.has(type)) listeners.set(type, new Set());
    listeners.get(type).add(fn);
    return () => listeners.get(type).delete(fn);
  },
  emit(type, detail) { for (const fn of listeners.get(type) ?? []) fn(detail); },
  /** Shows the keys the current screen answers to, in the footer. */
  keys(list) {
    replace(document.getElementById("keys"), list.map(([key, label]) => h("span", { className: "key" }, h("kbd", {}, key), " ", label)));
  },
  toast(message, kind = "info") {
    const toast = document.getElementById("toast");
    toast.dataset.kind = kind;
    toast.textContent = message;
    toast.hidden = false;
    clearTimeout(ctx.toastTimer);
    ctx.toastTimer = setTimeout(() => { toast.hidden = true; }, kind === "error" ? 8000 : 4000);
  },
  /** Shows a problem from the API to the person, in their language. */
  fail(error) {
    if (error instanceof Problem) ctx.toast(error.status === 0 ? t("error.offline") : error.messages.join(" · "), "error");
    else { console.error(error); ctx.toast(t("error.unexpected"), "error"); }
  },
  navigate(hash) { location.hash = hash; },
  agencyName(id) { return ctx.agencies.find((a) => a.id === id)?.name ?? id; },
  agencyPhone(id) { return ctx.agencies.find((a) => a.id === id)?.phone ?? ""; },
  categoryName(code, subcategory) {
    const category = ctx.categories.find((c) => c.code === code);
    if (!category) return code ?? t("incident.unclassified");
    const name = language() === "en" ? category.name.en : category.name.id;
    const sub = category.subcategories?.find((s) => s.code === subcategory);
    return sub ? `${name} · ${language() === "en" ? sub.name.en : sub.name.id}` : name;
  },
  can(permission) { return ctx.session?.permissions.includes(permission) ?? false; },
};

let current = { name: null, cleanup: null, onKey: null };

async function start() {
  setAPILanguage(language());
  document.documentElement.lang = language();
  window.addEventListener("siaga:signedout", () => showLogin());
  window.addEventListener("hashchange", route);
  document.addEventListener("keydown", onKey);
  try {
    ctx.session = await get("/session");
  } catch (error) {
    return showLogin();
  }
  await signedIn();
}

async function showLogin() {
  ctx.live?.stop();
  ctx.session = null;
  document.getElementById("topbar").hidden = true;
  const { render } = await import("./views/login.js");
  current.cleanup?.();
  current = { name: "login", cleanup: null, onKey: null };
  replace(document.getElementById("keys"));
  await render(ctx, document.getElementById("view"), { onSignedIn: signedIn });
}

async function signedIn(session) {
  if (session) ctx.session = session;
  setCSRF(ctx.session.csrfToken);
  try {
    const [regions, words] = await Promise.all([get("/regions"), get("/words")]);
    addWords(words);
    ctx.regions = regions.items ?? regions;
    const remembered = localStorage.getItem("siaga.region");
    const own = ctx.session.jurisdiction;
    ctx.region = ctx.regions.find((r) => r.code === own) ?? ctx.regions.find((r) => r.code === remembered) ?? ctx.regions[0];
    if (ctx.region) {
      setZone(ctx.region.timeZone);
      const [agencies, categories] = await Promise.all([
        get("/agencies", { region: ctx.region.code }),
        get("/categories", { region: ctx.region.code }),
      ]);
      ctx.agencies = agencies.items ?? agencies;
      ctx.categories = categories.categories ?? categories.items ?? categories;
    }
  } catch (error) {
    ctx.fail(error);
  }
  renderHeader();
  startLive();
  if (!location.hash || location.hash === "#/login") location.hash = `#/${home[ctx.session.role] ?? "board"}`;
  else route();
}

function startLive() {
  ctx.live?.stop();
  const indicator = document.getElementById("connection");
  // Whoever reads no incidents and no calls (an admin) has no live feed: nothing on their screens changes by itself.
  indicator.hidden = !(ctx.can("incident.read") || ctx.can("call.read"));
  if (indicator.hidden) return;
  const live = new LiveFeed();
  ctx.live = live;
  live.addEventListener("status", (event) => {
    indicator.dataset.state = event.detail.state;
    indicator.textContent = t(`live.${event.detail.state}`);
    indicator.title = t(`live.${event.detail.state}.hint`);
  });
  live.addEventListener("event", (event) => ctx.emit("event", event.detail));
  live.addEventListener("ready", (event) => {
    indicator.dataset.state = "live";
    indicator.textContent = t("live.live");
    indicator.title = t("live.live.hint");
    ctx.emit("ready", event.detail);
  });
  live.addEventListener("resync", (event) => ctx.emit("ready", event.detail));
  live.addEventListener("signedout", () => window.dispatchEvent(new CustomEvent("siaga:signedout")));
  live.addEventListener("reload", () => location.reload());
  live.start();
}

function renderHeader() {
  const topbar = document.getElementById("topbar");
  topbar.hidden = false;
  const regionName = document.getElementById("region-name");
  if (ctx.regions.length > 1 && (ctx.session.jurisdiction === "nasional" || ctx.session.jurisdiction.length === 2)) {
    const select = h("select", {
      className: "region-select", "aria-label": t("header.region"),
      onchange: (event) => { localStorage.setItem("siaga.region", event.target.value); location.reload(); },
    }, ctx.regions.map((r) => h("option", { value: r.code, selected: r.code === ctx.region?.code }, r.name)));
    replace(regionName, select);
  } else {
    replace(regionName, ctx.region?.name ?? "");
  }
  const allowed = Object.entries(screens).filter(([, s]) => !s.hidden && mayOpen(s));
  replace(document.getElementById("nav"), allowed.map(([name], index) =>
    h("a", { href: `#/${name}`, dataset: { screen: name }, title: `Alt+${index + 1}` }, t(`nav.${name}`))));
  replace(document.getElementById("who"), `${ctx.session.name} · ${t(`role.${ctx.session.role}`)}`);
  const languageButton = document.getElementById("language");
  languageButton.textContent = language() === "id" ? "English" : "Bahasa Indonesia";
  languageButton.onclick = () => { setLanguage(language() === "id" ? "en" : "id"); location.reload(); };
  const signout = document.getElementById("signout");
  signout.textContent = t("header.signOut");
  signout.onclick = async () => {
    try { await api("DELETE", "/session"); } catch { /* signed out either way */ }
    location.hash = "#/login";
    showLogin();
  };
  const tick = () => { document.getElementById("clock").textContent = `${time(new Date(), true)} ${zoneName()}`; };
  tick();
  clearInterval(ctx.clockTimer);
  ctx.clockTimer = setInterval(tick, 1000);
}

/** True when the signed-in person may open `screen`: by role, and for an agency's operator by their agency's kind. */
function mayOpen(screen) {
  if (!(screen.roles ?? []).includes(ctx.session.role)) return false;
  if (screen.permission && !ctx.can(screen.permission)) return false;
  if (screen.agencyKind && ctx.session.agencyId) return ctx.agencies.find((a) => a.id === ctx.session.agencyId)?.kind === screen.agencyKind;
  return true;
}

async function route() {
  if (!ctx.session) return;
  const [, name = "", ...rest] = location.hash.replace(/^#/, "").split("/");
  const screen = screens[name];
  if (!screen || (screen.roles && !mayOpen(screen))) {
    location.hash = `#/${home[ctx.session.role] ?? "board"}`;
    return;
  }
  for (const link of document.querySelectorAll("#nav a")) link.classList.toggle("active", link.dataset.screen === name);
  current.cleanup?.();
  const view = document.getElementById("view");
  replace(view);
  replace(document.getElementById("keys"));
  const module = await import(screen.module);
  const handle = (await module.render(ctx, view, { id: decodeURIComponent(rest.join("/")) })) ?? {};
  current = { name, cleanup: handle.cleanup ?? null, onKey: handle.onKey ?? null };
  view.focus({ preventScroll: true });
}

function onKey(event) {
  if (event.altKey && /^[1-9]$/.test(event.key)) {
    const link = document.querySelectorAll("#nav a")[Number(event.key) - 1];
    if (link) { event.preventDefault(); location.hash = link.getAttribute("href"); }
    return;
  }
  if (current.onKey) current.onKey(event, typing(event));
}

start();
