// Administration: agencies, the responsibility matrix (CSV import and export, versions), the response-time
// policy, users, API tokens and shifts. Every change goes through the same API as everything else, audited.
import { api, get, patch, post, put } from "../api.js";
import { h, replace } from "../dom.js";
import { t, dateTime, duration } from "../i18n.js";

const tabs = ["agencies", "fleet", "categories", "matrix", "policy", "users", "tokens", "shifts"];

export async function render(ctx, view) {
  const code = ctx.region.code;
  const body = h("section", { className: "panel", id: "admin-body" });
  const nav = h("div", { className: "tabs", role: "tablist" }, tabs.map((tab) =>
    h("button", { type: "button", role: "tab", dataset: { tab }, onclick: () => show(tab) }, t(`admin.tab.${tab}`))));
  view.append(h("div", { className: "admin" }, nav, body));

  async function show(tab) {
    for (const button of nav.querySelectorAll("button")) button.setAttribute("aria-selected", String(button.dataset.tab === tab));
    try { await views[tab](); } catch (error) { ctx.fail(error); }
  }

  const table = (head, rows) => h("table", { className: "compact" }, h("thead", {}, h("tr", {}, head.map((x) => h("th", {}, x)))), h("tbody", {}, rows));

  const views = {
    async agencies() {
      const page = await get("/agencies", { region: code });
      const ladderBox = h("div", { id: "ladder" });
      replace(body, h("h2", {}, t("admin.tab.agencies")), table([t("admin.name"), t("admin.kind"), t("admin.channel"), t("admin.active"), t("ladder.title")],
        (page.items ?? []).map((a) => h("tr", {}, h("td", {}, a.name), h("td", {}, a.kind), h("td", {}, t(`channel.${a.channel}`)), h("td", {}, a.active ? "✓" : "–"),
          h("td", {}, h("button", { type: "button", dataset: { ladder: a.id }, onclick: () => showLadder(a, ladderBox, false).catch(ctx.fail) }, t("ladder.show")))))),
        ladderBox);
    },
    // Units and posts after onboarding: add, take out of service and back, retire (with a reason).
    async fleet() {
      const [units, posts, agencies] = await Promise.all([get("/units", { region: code }), get("/posko", { region: code }), get("/agencies", { region: code })]);
      const agencyPick = () => h("select", { name: "agencyId", "aria-label": t("fleet.agency") }, (agencies.items ?? []).filter((a) => a.active).map((a) => h("option", { value: a.id }, a.name)));
      const field = (name, extra = {}) => h("input", { name, placeholder: t(`fleet.${name}`), "aria-label": t(`fleet.${name}`), ...extra });
      const unitForm = { agencyId: agencyPick(), code: field("code"), callsign: field("callsign"), kind: field("kind"), homePost: field("homePost") };
      const postForm = { agencyId: agencyPick(), code: field("code"), name: field("name"), latitude: field("latitude", { inputMode: "decimal" }), longitude: field("longitude", { inputMode: "decimal" }) };
      const run = async (work) => { try { await work(); ctx.toast(t("admin.saved")); await views.fleet(); } catch (error) { ctx.fail(error); } };
      const retire = (path) => { const reason = prompt(t("fleet.retireReason")); if (reason) run(() => post(`${path}/retire`, { reason })); };
      replace(body, h("h2", {}, t("admin.tab.fleet")),
        table([t("fleet.callsign"), t("fleet.agency"), t("fleet.kind"), t("fleet.status"), t("fleet.homePost"), ""], (units.items ?? []).map((u) => h("tr", { dataset: { unitId: u.id } },
          h("td", {}, u.callsign), h("td", {}, ctx.agencyName(u.agencyId)), h("td", {}, u.kind), h("td", {}, t(`unitStatus.${u.status}`)), h("td", {}, u.homePost ?? "–"),
          h("td", {}, ["available", "outOfService"].includes(u.status)
            ? [h("button", { type: "button", onclick: () => run(() => patch(`/units/${u.id}`, { outOfService: u.status === "available" })) }, t(u.status === "available" ? "fleet.outOfService" : "fleet.backInService")),
               h("button", { type: "button", onclick: () => retire(`/units/${u.id}`) }, t("fleet.retire"))]
            : t("fleet.onTask"))))),
        h("h3", {}, t("fleet.addUnit")),
        h("form", { className: "grid-form", id: "add-unit", onsubmit: (event) => { event.preventDefault(); run(() => post("/units", { agencyId: unitForm.agencyId.value, code: unitForm.code.value.trim(), callsign: unitForm.callsign.value.trim(), kind: unitForm.kind.value.trim(), homePost: unitForm.homePost.value.trim() || undefined })); } },
          Object.values(unitForm), h("button", { type: "submit", className: "primary" }, t("admin.add"))),
        h("h3", {}, t("fleet.posts")),
        table([t("fleet.name"), t("fleet.agency"), t("fleet.position"), ""], (posts.items ?? []).map((p) => h("tr", { dataset: { poskoId: p.id } },
          h("td", {}, p.name), h("td", {}, ctx.agencyName(p.agencyId)), h("td", {}, `${p.latitude}, ${p.longitude}`),
          h("td", {}, h("button", { type: "button", onclick: () => retire(`/posko/${p.id}`) }, t("fleet.close")))))),
        h("h3", {}, t("fleet.addPost")),
        h("form", { className: "grid-form", id: "add-post", onsubmit: (event) => { event.preventDefault(); run(() => post("/posko", { agencyId: postForm.agencyId.value, code: postForm.code.value.trim(), name: postForm.name.value.trim(), latitude: Number(postForm.latitude.value), longitude: Number(postForm.longitude.value) })); } },
          Object.values(postForm), h("button", { type: "submit", className: "primary" }, t("admin.add"))));
    },
    // The region's categories, one per line (`code | Nama | Name | P2`), a subcategory indented under its category.
    async categories() {
      const page = await get("/categories", { region: code });
      const lines = (page.items ?? []).flatMap((c) => [
        [c.code, c.name.id, c.name.en, c.defaultPriority].join(" | "),
        ...(c.subcategories ?? []).map((s) => "  " + [s.code, s.name.id, s.name.en, s.defaultPriority].join(" | "))]).join("\n");
      const text = h("textarea", { rows: 16, id: "categories-text", "aria-label": t("admin.tab.categories") }, lines);
      replace(body, h("h2", {}, t("admin.tab.categories")), h("p", { className: "muted" }, t("categories.help")), text,
        h("button", { type: "button", className: "primary", id: "categories-save", onclick: async () => {
          try {
            const items = [];
            for (const line of text.value.split("\n")) {
              if (!line.trim()) continue;
              const [code, id, en, priority] = line.split("|").map((part) => part.trim());
              const entry = { code, name: { id: id ?? "", en: en || id || "" }, defaultPriority: priority || "P3" };
              if (/^\s/.test(line) && items.length) (items.at(-1).subcategories ??= []).push(entry);
              else items.push(entry);
            }
            await put(`/regions/${code}/categories`, { items });
            ctx.toast(t("admin.saved"));
            await views.categories();
          } catch (error) { ctx.fail(error); }
        } }, t("admin.save")));
    },
    async matrix() {
      const [current, versions] = await Promise.all([get(`/regions/${code}/matrix`).catch(() => null), get(`/regions/${code}/matrix/versions`)]);
      const csv = h("textarea", { rows: 6, id: "matrix-csv", placeholder: "category,subcategory,kecamatan,primary,supporting,regulation", "aria-label": t("admin.matrixCSV") });
      const reason = h("input", { id: "matrix-reason", placeholder: t("admin.reason"), "aria-label": t("admin.reason") });
      replace(body, h("h2", {}, t("admin.tab.matrix"), current ? ` · v${current.version}` : ""),
        h("p", {}, h("a", { href: `/api/v1/regions/${code}/matrix?format=csv`, download: `matriks-${code}.csv` }, t("admin.exportCSV"))),
        current ? table([t("admin.category"), t("admin.kecamatan"), t("admin.primary"), t("admin.supporting"), t("admin.regulation")],
          current.rows.map((r) => h("tr", {}, h("td", {}, ctx.categoryName(r.category, r.subcategory)), h("td", {}, r.kecamatan ?? "–"), h("td", {}, ctx.agencyName(r.primary)), h("td", {}, (r.supporting ?? []).map(ctx.agencyName).join(", ")), h("td", {}, r.regulation ?? "")))) : h("p", { className: "empty" }, t("admin.noMatrix")),
        h("h3", {}, t("admin.importCSV")),
        h("form", { onsubmit: async (event) => {
          event.preventDefault();
          try { await put(`/regions/${code}/matrix`, { csv: csv.value, reason: reason.value }); ctx.toast(t("admin.saved")); await views.matrix(); } catch (error) { ctx.fail(error); }
        } }, csv, reason, h("button", { type: "submit", className: "primary" }, t("admin.save"))),
        h("h3", {}, t("admin.versions")),
        table(["v", t("admin.when"), t("admin.author"), t("admin.reason")], (versions.items ?? []).map((v) => h("tr", {}, h("td", {}, v.version), h("td", {}, dateTime(v.at)), h("td", {}, v.author), h("td", {}, v.reason)))));
    },
    async policy() {
      const policy = await get(`/regions/${code}/response-policy`);
      const regionWide = policy.targets.filter((target) => !target.agencyId);
      const inputs = new Map();
      const rows = ["callAnswering", "callProcessing", "alarmAnswering", "unitAssignment", "turnoutAndTravel", "onSceneHandling"].map((interval) =>
        h("tr", {}, h("th", {}, t(`interval.${interval}`)), ["P1", "P2", "P3", "P4"].map((priority) => {
          const row = regionWide.find((x) => x.interval === interval && x.priority === priority) ?? regionWide.find((x) => x.interval === interval && !x.priority);
          const input = h("input", { type: "number", min: 1, value: row?.seconds ?? "", className: "seconds", "aria-label": `${interval} ${priority}` });
          inputs.set(`${interval}|${priority}`, input);
          return h("td", {}, input, h("div", { className: "muted" }, duration(row?.seconds)));
        })));
      const reason = h("input", { id: "policy-reason", placeholder: t("admin.reason"), "aria-label": t("admin.reason") });
      replace(body, h("h2", {}, t("admin.tab.policy"), ` · v${policy.version}`),
        h("form", { onsubmit: async (event) => {
          event.preventDefault();
          const targets = [...inputs].map(([key, input]) => { const [interval, priority] = key.split("|"); return { interval, priority, seconds: Number(input.value) }; })
            .concat(policy.targets.filter((x) => x.agencyId));
          try { await put(`/regions/${code}/response-policy`, { reason: reason.value, targets, warningShare: policy.warningShare, escalations: policy.escalations }); ctx.toast(t("admin.saved")); await views.policy(); }
          catch (error) { ctx.fail(error); }
        } }, table([t("admin.step"), "P1", "P2", "P3", "P4"], rows), h("p", { className: "hint" }, t("admin.policyHint")), reason, h("button", { type: "submit", className: "primary" }, t("admin.save"))),
        policy.targets.some((x) => x.agencyId) ? [h("h3", {}, t("admin.commitments")), h("ul", {}, policy.targets.filter((x) => x.agencyId).map((x) => h("li", {}, `${ctx.agencyName(x.agencyId)} · ${t(`interval.${x.interval}`)} · ${x.priority ?? "P1–P4"} · ${duration(x.seconds)} ${x.basis ? `(${x.basis})` : ""}`)))] : null);
    },
    async users() {
      const page = await get("/users");
      const fields = Object.fromEntries(["username", "displayName", "password", "agencyId"].map((name) => [name, h("input", { name, placeholder: t(`admin.user.${name}`), "aria-label": t(`admin.user.${name}`), type: name === "password" ? "password" : "text" })]));
      const role = h("select", { name: "role", "aria-label": t("admin.user.role") }, ["callTaker", "supervisor", "agencyOperator", "fieldOfficer", "leader", "admin"].map((r) => h("option", { value: r }, t(`role.${r}`))));
      // A province's or the nation's administrator chooses where the new user works; a region's works in its own.
      const wide = ctx.session.jurisdiction === "nasional" || ctx.session.jurisdiction.length === 2;
      const jurisdiction = h("select", { name: "jurisdiction", "aria-label": t("admin.user.jurisdiction"), disabled: !wide },
        (wide ? ctx.regions : [ctx.region]).map((r) => h("option", { value: r.code, selected: r.code === code }, `${r.name} (${r.code})`)));
      replace(body, h("h2", {}, t("admin.tab.users")),
        table([t("admin.user.username"), t("admin.user.displayName"), t("admin.user.role"), t("admin.user.jurisdiction"), t("admin.active")],
          (page.items ?? []).map((u) => h("tr", {}, h("td", {}, u.username), h("td", {}, u.displayName), h("td", {}, t(`role.${u.role}`)), h("td", {}, u.jurisdiction), h("td", {}, u.disabled ? "–" : "✓")))),
        h("h3", {}, t("admin.addUser")),
        h("form", { className: "grid-form", onsubmit: async (event) => {
          event.preventDefault();
          try {
            await post("/users", { username: fields.username.value.trim(), displayName: fields.displayName.value.trim(), role: role.value, jurisdiction: jurisdiction.value, agencyId: fields.agencyId.value.trim() || undefined, password: fields.password.value });
            ctx.toast(t("admin.saved")); await views.users();
          } catch (error) { ctx.fail(error); }
        } }, fields.username, fields.displayName, role, jurisdiction, fields.agencyId, fields.password, h("button", { type: "submit", className: "primary" }, t("admin.add"))));
    },
    async tokens() {
      const page = await get("/tokens");
      const name = h("input", { placeholder: t("admin.token.name"), "aria-label": t("admin.token.name") });
      const permissions = h("input", { placeholder: "call.write,aml.submit", "aria-label": t("admin.token.permissions") });
      const secret = h("p", { className: "secret", id: "token-secret" });
      replace(body, h("h2", {}, t("admin.tab.tokens")),
        table([t("admin.token.name"), t("admin.token.permissions"), t("admin.when"), ""], (page.items ?? []).map((token) => h("tr", {},
          h("td", {}, token.name), h("td", {}, (token.permissions ?? []).join(", ")), h("td", {}, dateTime(token.createdAt)),
          h("td", {}, token.revokedAt ? t("admin.token.revoked") : h("button", { type: "button", onclick: async () => { try { await api("DELETE", `/tokens/${token.id}`); await views.tokens(); } catch (error) { ctx.fail(error); } } }, t("admin.token.revoke")))))),
        h("h3", {}, t("admin.token.create")),
        h("form", { className: "inline", onsubmit: async (event) => {
          event.preventDefault();
          try {
            const created = await post("/tokens", { name: name.value.trim(), jurisdiction: code, permissions: permissions.value.split(",").map((p) => p.trim()).filter(Boolean) });
            await views.tokens();
            body.querySelector("#token-secret").textContent = t("admin.token.secret", { secret: created.secret });
          } catch (error) { ctx.fail(error); }
        } }, name, permissions, h("button", { type: "submit", className: "primary" }, t("admin.add"))), secret);
    },
    async shifts() {
      const [pattern, duty] = await Promise.all([get(`/regions/${code}/shifts`), get(`/regions/${code}/on-duty`)]);
      replace(body, h("h2", {}, t("admin.tab.shifts")),
        table([t("admin.shift"), t("admin.start"), t("admin.hours")], pattern.shifts.map((s) => h("tr", {}, h("td", {}, s.name), h("td", {}, s.start), h("td", {}, s.durationMinutes / 60)))),
        h("h3", {}, t("admin.onDuty", { shift: duty.shift.name })),
        h("p", {}, duty.signedIn.map((p) => p.displayName).join(", ") || "–"),
        duty.unattendedAgencies.length ? h("p", { className: "alert" }, t("admin.unattended", { agencies: duty.unattendedAgencies.map(ctx.agencyName).join(", ") })) : null);
    },
  };

  ctx.keys([["Alt+1…", t("key.screens")]]);
  // An agency's notice ladder, one rung per line (`channel recipient seconds label`), so it is typed and read
  // without a mouse. Shown masked; editing reveals the numbers, which the server audits.
  async function showLadder(agency, box, reveal) {
    const ladder = await get(`/agencies/${agency.id}/notice-ladder`, reveal ? { reveal: "true" } : undefined);
    const lines = ladder.rungs.map((r) => [r.channel, r.recipient, r.afterSeconds, r.label ?? ""].join(" ").trim()).join("\n");
    const off = ladder.rungs.map((r) => r.channel).filter((c) => c !== "phone" && !ladder.configuredChannels.includes(c));
    if (!reveal) {
      replace(box, h("h3", {}, `${t("ladder.title")} · ${agency.name}`),
        ladder.rungs.length ? h("pre", { className: "ladder" }, lines) : h("p", { className: "empty" }, t("ladder.none")),
        off.length ? h("p", { className: "alert" }, t("ladder.channelsOff", { channels: [...new Set(off)].join(", ") })) : null,
        h("button", { type: "button", id: "ladder-edit", onclick: () => showLadder(agency, box, true).catch(ctx.fail) }, t("ladder.edit")));
      return;
    }
    const text = h("textarea", { rows: 6, id: "ladder-text", "aria-label": t("ladder.title"), placeholder: "whatsapp 081234567890 0 Piket\nsms 081234567890 60 Piket\nphone 0318941234 60 Pos" }, lines);
    replace(box, h("h3", {}, `${t("ladder.title")} · ${agency.name}`), h("p", { className: "muted" }, t("ladder.help")), text,
      h("button", { type: "button", className: "primary", id: "ladder-save", onclick: async () => {
        try {
          const rungs = text.value.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
            const [channel, recipient, seconds, ...label] = line.split(/\s+/);
            return { channel, recipient, afterSeconds: Number(seconds ?? 0), label: label.join(" ") || undefined };
          });
          await put(`/agencies/${agency.id}/notice-ladder`, { rungs });
          await showLadder(agency, box, false);
        } catch (error) { ctx.fail(error); }
      } }, t("admin.save")));
    text.focus();
  }

  await show("agencies");
  return {};
}
