// The region's public warnings (CAP 1.2): a supervisor or the BPBD warns of a flood, landslide, evacuation… for some
// kecamatan, in Indonesian and optionally English; below, the messages issued, each with its public document, and
// the latest of each warning with its update (the form, filled in) and its withdrawal.
import { get, post } from "../api.js";
import { h, replace } from "../dom.js";
import { t, dateTime } from "../i18n.js";

const events = ["banjir", "tanah-longsor", "evakuasi", "cuaca-ekstrem", "tsunami", "gunung-api", "kebakaran-hutan"];
const levels = { urgency: ["Immediate", "Expected", "Future"], severity: ["Extreme", "Severe", "Moderate", "Minor"], certainty: ["Observed", "Likely", "Possible"] };

export async function render(ctx, view) {
  const state = { updating: null, kecamatan: [] };
  const choose = (name, values, selected) => h("label", {}, t(`cap.${name}`),
    h("select", { name, id: `cap-${name}` }, values.map((v) => h("option", { value: v, defaultSelected: v === selected }, t(`cap.${name}.${v}`)))));
  const text = (name, label, multiline = false) => h("label", {}, label,
    multiline ? h("textarea", { name, id: `cap-${name}`, rows: 3 }) : h("input", { name, id: `cap-${name}` }));
  const kecamatanBox = h("fieldset", { className: "kecamatan-choices", id: "cap-kecamatan" }, h("legend", {}, t("cap.kecamatan")));
  const title = h("h2", {}, t("cap.title"));
  const submit = h("button", { type: "submit", className: "primary", id: "cap-submit" }, t("cap.issue"));
  const form = h("form", { className: "panel cap-form", id: "cap-form", onsubmit: (event) => { event.preventDefault(); send().catch(ctx.fail); } },
    title,
    h("div", { className: "cap-grid" },
      h("label", {}, t("cap.event"), h("select", { name: "event", id: "cap-event" }, events.map((e) => h("option", { value: e }, t(`cap.event.${e}`))))),
      choose("urgency", levels.urgency, "Expected"), choose("severity", levels.severity, "Severe"), choose("certainty", levels.certainty, "Likely"),
      h("label", {}, t("cap.validHours"), h("input", { name: "validHours", id: "cap-validHours", type: "number", min: 1, max: 168, defaultValue: "12" })),
      h("label", { className: "inline" }, h("input", { type: "checkbox", name: "exercise", id: "cap-exercise" }), ` ${t("cap.exercise")}`)),
    kecamatanBox,
    text("headline", t("cap.headline")), text("description", t("cap.description"), true), text("instruction", t("cap.instruction"), true),
    h("details", { id: "cap-english" }, h("summary", {}, t("cap.english")),
      text("enHeadline", t("cap.headline")), text("enDescription", t("cap.description"), true), text("enInstruction", t("cap.instruction"), true)),
    h("div", { className: "actions" }, submit, h("button", { type: "button", id: "cap-reset", onclick: reset }, t("cap.new"))));
  const list = h("section", { className: "panel", id: "cap-list" });
  view.append(h("div", { className: "warnings-layout" }, form, list));

  async function loadKecamatan() {
    const boundaries = await get(`/regions/${ctx.region.code}/map/boundaries`, { toleranceMeters: 2000 });
    state.kecamatan = (boundaries.features ?? []).map((f) => f.properties).filter((p) => p.level === "kecamatan");
    replace(kecamatanBox, h("legend", {}, t("cap.kecamatan")), state.kecamatan.map((k) =>
      h("label", { className: "inline choice" }, h("input", { type: "checkbox", name: "kecamatan", value: k.code, dataset: { code: k.code } }), ` ${k.name}`)));
  }

  async function load() {
    const page = await get(`/regions/${ctx.region.code}/cap-alerts`);
    const items = page.items ?? [];
    replace(list, h("h3", {}, t("cap.issued")),
      items.length ? h("table", { className: "compact", id: "cap-messages" },
        h("thead", {}, h("tr", {}, [t("cap.sent"), t("cap.type"), t("cap.headline"), t("cap.expires"), ""].map((c) => h("th", {}, c)))),
        h("tbody", {}, items.map((m) => h("tr", { dataset: { identifier: m.identifier, type: m.messageType } },
          h("td", {}, dateTime(m.sent)), h("td", {}, t(`cap.type.${m.messageType}`)),
          h("td", {}, h("a", { href: m.url, target: "_blank", rel: "noopener" }, m.headline ?? m.identifier)),
          h("td", {}, m.expires ? dateTime(m.expires) : "–"),
          h("td", {}, m.replacedBy || m.messageType === "Cancel" ? h("span", { className: "muted" }, m.replacedBy ? t("cap.replaced") : "")
            : [h("button", { type: "button", dataset: { action: "update" }, onclick: () => startUpdate(m) }, t("cap.update")), " ",
              h("button", { type: "button", dataset: { action: "cancel" }, onclick: () => withdraw(m).catch(ctx.fail) }, t("cap.cancel"))])))))
        : h("p", { className: "empty" }, t("cap.none")));
  }

  function value(name) { return form.elements[name]?.value?.trim() ?? ""; }

  async function send() {
    const body = {
      event: value("event"), urgency: value("urgency"), severity: value("severity"), certainty: value("certainty"),
      kecamatan: [...form.querySelectorAll("input[name=kecamatan]:checked")].map((box) => box.value),
      headline: value("headline"), description: value("description"), instruction: value("instruction") || undefined,
      validHours: Number(value("validHours") || 12), status: form.elements.exercise.checked ? "Exercise" : "Actual",
    };
    if (value("enHeadline") || value("enDescription")) {
      body.english = { headline: value("enHeadline"), description: value("enDescription"), instruction: value("enInstruction") || undefined };
    }
    const message = state.updating ? await post(`/cap-alerts/${encodeURIComponent(state.updating)}/update`, body) : await post(`/regions/${ctx.region.code}/cap-alerts`, body);
    ctx.toast(t(message.messageType === "Update" ? "cap.done.update" : "cap.done.issue"));
    reset();
    await load();
  }

  function startUpdate(message) {
    state.updating = message.identifier;
    title.textContent = t("cap.updating", { headline: message.headline ?? message.identifier });
    submit.textContent = t("cap.update");
    form.elements.headline.value = message.headline ?? "";
    form.elements.headline.focus();
  }

  function reset() {
    state.updating = null;
    form.reset();
    title.textContent = t("cap.title");
    submit.textContent = t("cap.issue");
  }

  async function withdraw(message) {
    const reason = prompt(t("cap.cancelPrompt"));
    if (!reason || !reason.trim()) return;
    await post(`/cap-alerts/${encodeURIComponent(message.identifier)}/cancel`, { reason: reason.trim() });
    ctx.toast(t("cap.done.cancel"));
    await load();
  }

  ctx.keys([["Tab", t("cap.key.fields")], ["Enter", t("cap.issue")], ["Alt+1…", t("key.screens")]]);
  await Promise.all([loadKecamatan(), load()]).catch(ctx.fail);
  return {};
}
