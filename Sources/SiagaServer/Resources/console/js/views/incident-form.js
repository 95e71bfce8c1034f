// The emergency form of the operator screen: category type-ahead, place search (an AML position fills it by
// itself), priority proposed from the category, description, the agencies the matrix proposes (editable, with a
// reason when changed), possible duplicates, and Ctrl+Enter to open and forward in one go.
import { get, post } from "../api.js";
import { h, replace } from "../dom.js";
import { t, language, time } from "../i18n.js";

const normalize = (text) => text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");

export class IncidentForm {
  constructor(ctx, container, { call, onDone, onCancel, onChange }) {
    Object.assign(this, { ctx, container, call, onDone, onCancel, onChange });
    this.classification = null;
    this.location = call?.location ? { ...call.location, source: call.location.source ?? "aml" } : null;
    this.proposal = null;
    this.chosen = [];
    this.busy = false;
  }

  keyHints() {
    return [["↑↓ Enter", t("form.key.pick")], ["Tab", t("form.key.next")], ["Ctrl+Enter", t("form.key.forward")], ["Esc", t("form.key.cancel")]];
  }

  options() {
    const options = [];
    for (const category of this.ctx.categories) {
      const name = language() === "en" ? category.name.en : category.name.id;
      options.push({ category: category.code, label: name, priority: category.defaultPriority, search: normalize(`${category.name.id} ${category.name.en} ${category.code}`) });
      for (const sub of category.subcategories ?? []) {
        const subName = language() === "en" ? sub.name.en : sub.name.id;
        options.push({ category: category.code, subcategory: sub.code, label: `${name} · ${subName}`, priority: sub.defaultPriority, search: normalize(`${category.name.id} ${sub.name.id} ${sub.name.en} ${sub.code}`) });
      }
    }
    return options;
  }

  open() {
    const categoryList = h("ul", { className: "typeahead", id: "category-options", role: "listbox" });
    this.categoryInput = h("input", { id: "category", autocomplete: "off", role: "combobox", "aria-controls": "category-options", "aria-label": t("form.category"), placeholder: t("form.categoryPlaceholder") });
    this.categoryPicker = new TypeAhead(this.categoryInput, categoryList, async (text) => {
      const query = normalize(text.trim());
      return this.options().filter((o) => !query || o.search.includes(query)).slice(0, 8);
    }, (option) => this.pickCategory(option));

    const placeList = h("ul", { className: "typeahead", id: "place-options", role: "listbox" });
    this.placeInput = h("input", { id: "place", autocomplete: "off", role: "combobox", "aria-controls": "place-options", "aria-label": t("form.place"), placeholder: t("form.placePlaceholder"), value: this.location?.address ?? "" });
    this.placePicker = new TypeAhead(this.placeInput, placeList, async (text) => {
      if (text.trim().length < 3) return [];
      const page = await get("/places", { q: text.trim(), region: this.ctx.region.code });
      const items = (page.items ?? []).filter((p) => !p.code || p.code.startsWith(this.ctx.region.code)).slice(0, 8);
      return [...items.map((p) => ({ ...p, label: [p.name, ...(p.within ?? []).slice(0, 1)].join(", ") })), { free: true, label: t("form.freeAddress", { text: text.trim() }), name: text.trim() }];
    }, (option) => this.pickPlace(option));

    this.priority = h("select", { id: "priority", "aria-label": t("form.priority") }, ["P1", "P2", "P3", "P4"].map((p) => h("option", { value: p }, `${p} · ${t(`priority.${p}`)}`)));
    this.description = h("textarea", { id: "description", rows: 2, "aria-label": t("form.description"), placeholder: t("form.descriptionPlaceholder") });
    this.agencyBox = h("div", { className: "agencies", id: "agencies" }, h("p", { className: "hint" }, t("form.agenciesAfterCategory")));
    this.reason = h("input", { id: "deviation-reason", hidden: true, placeholder: t("form.reasonPlaceholder"), "aria-label": t("form.reason") });
    this.duplicates = h("div", { className: "duplicates", id: "duplicates" });
    this.locationNote = h("div", { className: "hint", id: "location-note" }, this.location ? t("form.locationFrom", { source: t(`source.${this.location.source}`) }) : "");

    replace(this.container,
      h("h2", { className: "danger-title" }, t("form.title")),
      h("form", { className: "incident-form", onsubmit: (event) => { event.preventDefault(); this.submit(); } },
        h("div", { className: "form-columns" },
          h("div", {},
            h("label", {}, t("form.category"), this.categoryInput, categoryList),
            h("label", {}, t("form.place"), this.placeInput, placeList, this.locationNote),
            h("label", {}, t("form.description"), this.description)),
          h("div", {},
            h("label", {}, t("form.priority"), this.priority),
            h("fieldset", {}, h("legend", {}, t("form.agencies")), this.agencyBox, this.reason),
            this.duplicates)),
        h("div", { className: "actions" },
          h("button", { type: "submit", className: "primary", id: "forward" }, t("form.forward"), " ", h("kbd", {}, "Ctrl+Enter")),
          h("button", { type: "button", onclick: () => this.onCancel() }, t("form.cancel"), " ", h("kbd", {}, "Esc")))));
    this.categoryInput.focus();
  }

  pickCategory(option) {
    this.classification = { category: option.category, subcategory: option.subcategory };
    this.categoryInput.value = option.label;
    this.priority.value = option.priority;
    this.refreshProposal();
    this.refreshDuplicates();
    this.placeInput.focus();
  }

  pickPlace(option) {
    if (option.free) {
      this.location = { address: option.name, source: "caller" };
    } else {
      const kecamatan = option.level === "desa" ? option.code.split(".").slice(0, 3).join(".") : option.level === "kecamatan" ? option.code : undefined;
      const address = option.level === "desa" ? `Desa/Kel. ${option.name}, Kec. ${option.within?.[0] ?? ""}` : option.level === "kecamatan" ? `Kec. ${option.name}` : option.name;
      this.location = {
        address, kecamatanCode: kecamatan, desaCode: option.level === "desa" ? option.code : undefined, source: "operator",
        latitude: option.latitude ?? option.coordinate?.latitude, longitude: option.longitude ?? option.coordinate?.longitude,
      };
    }
    this.placeInput.value = this.location.address;
    this.locationNote.textContent = "";
    this.refreshProposal();
    this.description.focus();
  }

  /** An AML position arrived for the call: use it when no place was chosen yet. */
  located(location) {
    if (this.location) return;
    this.location = { latitude: location.coordinate?.latitude ?? location.latitude, longitude: location.coordinate?.longitude ?? location.longitude, kecamatanCode: location.kecamatanCode, address: location.address, source: "aml", accuracyMeters: location.accuracyMeters };
    this.placeInput.value = location.address ?? `${this.location.latitude?.toFixed(5)}, ${this.location.longitude?.toFixed(5)}`;
    this.locationNote.textContent = t("form.locationFrom", { source: t("source.aml") });
    this.refreshProposal();
  }

  async refreshProposal() {
    if (!this.classification) return;
    try {
      this.proposal = await get(`/regions/${this.ctx.region.code}/matrix/proposal`, { ...this.classification, kecamatan: this.location?.kecamatanCode });
    } catch (error) { this.proposal = { agencies: [], isFallback: true }; }
    this.chosen = this.proposal.agencies.map((a) => a.id);
    this.drawAgencies();
  }

  drawAgencies() {
    const proposed = new Set(this.proposal?.agencies.map((a) => a.id) ?? []);
    const boxes = this.ctx.agencies.filter((a) => a.active).sort((a, b) => Number(proposed.has(b.id)) - Number(proposed.has(a.id))).map((agency) => {
      const box = h("input", { type: "checkbox", value: agency.id, checked: this.chosen.includes(agency.id), onchange: () => {
        this.chosen = [...this.agencyBox.querySelectorAll("input:checked")].map((i) => i.value);
        this.reason.hidden = !this.deviates();
      } });
      const role = this.proposal?.agencies.find((a) => a.id === agency.id)?.role;
      return h("label", { className: `agency ${proposed.has(agency.id) ? "proposed" : "other"}` }, box, " ", agency.name, role ? h("span", { className: "tag" }, t(`form.role.${role}`)) : null, agency.channel !== "console" ? h("span", { className: "tag muted" }, t(`channel.${agency.channel}`)) : null);
    });
    replace(this.agencyBox, this.proposal?.isFallback ? h("p", { className: "hint" }, t("form.noMatrixRow")) : null, boxes);
    this.reason.hidden = !this.deviates();
  }

  deviates() {
    const proposed = (this.proposal?.agencies ?? []).map((a) => a.id).sort().join();
    return this.proposal && !this.proposal.isFallback && proposed !== [...this.chosen].sort().join();
  }

  async refreshDuplicates() {
    if (!this.classification) return;
    try {
      const page = await get("/incidents/duplicates", { region: this.ctx.region.code, category: this.classification.category, latitude: this.location?.latitude, longitude: this.location?.longitude });
      const items = page.items ?? [];
      replace(this.duplicates, items.length ? [h("h3", {}, t("form.duplicates")), h("ul", {}, items.map((i) => h("li", {}, h("a", { href: `#/incident/${i.id}` }, i.number), ` · ${time(i.createdAt)} · ${i.location?.address ?? ""}`)))] : null);
    } catch { /* duplicates are advice only */ }
  }

  async submit() {
    if (this.busy) return;
    if (!this.classification) { this.ctx.toast(t("form.needCategory"), "error"); return this.categoryInput.focus(); }
    if (this.chosen.length === 0) { this.ctx.toast(t("form.needAgency"), "error"); return; }
    if (this.deviates() && !this.reason.value.trim()) { this.ctx.toast(t("form.needReason"), "error"); return this.reason.focus(); }
    this.busy = true;
    const description = this.description.value.trim() || [this.categoryInput.value, this.location?.address].filter(Boolean).join(" · ");
    try {
      const created = await post("/incidents", {
        regionCode: this.ctx.region.code, category: this.classification.category, subcategory: this.classification.subcategory,
        priority: this.priority.value, location: this.location ?? undefined, description, callId: this.call?.id,
      });
      const incident = created.incident;
      const forward = { type: "forward", version: incident.version, agencyIds: this.chosen };
      if (this.deviates()) forward.reason = this.reason.value.trim();
      const forwarded = await post(`/incidents/${incident.id}/events`, forward);
      await this.onDone(forwarded.incident ?? incident);
    } catch (error) {
      this.ctx.fail(error);
    } finally {
      this.busy = false;
    }
  }

  onKey(event) {
    if (event.key === "Escape") { event.preventDefault(); this.onCancel(); }
    else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); this.submit(); }
  }
}

/** An input with a list of suggestions: ↑↓ move, Enter picks (the first one when none is highlighted). */
export class TypeAhead {
  constructor(input, list, search, pick) {
    Object.assign(this, { input, list, search, pick });
    this.items = [];
    this.index = 0;
    this.sequence = 0;
    input.addEventListener("input", () => this.update());
    input.addEventListener("focus", () => this.update());
    input.addEventListener("keydown", (event) => this.onKey(event));
  }

  /** Searches for the input's text; `pending` settles when the newest search has drawn its results. */
  update() {
    const sequence = ++this.sequence;
    this.pending = this.search(this.input.value).catch(() => []).then((items) => {
      if (sequence !== this.sequence) return;
      this.items = items;
      this.index = 0;
      this.draw();
    });
    return this.pending;
  }

  draw() {
    replace(this.list, this.items.map((item, index) =>
      h("li", { role: "option", className: index === this.index ? "active" : "", "aria-selected": index === this.index ? "true" : "false",
        onmousedown: (event) => { event.preventDefault(); this.choose(index); } }, item.label)));
  }

  choose(index) {
    const item = this.items[index];
    if (!item) return;
    replace(this.list);
    this.items = [];
    this.pick(item);
  }

  async onKey(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!this.items.length) return;
      this.index = (this.index + (event.key === "ArrowDown" ? 1 : -1) + this.items.length) % this.items.length;
      this.draw();
    } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      // Enter right after typing picks from the results of what was typed, not of an earlier prefix.
      await (this.pending ?? this.update());
      this.choose(this.index);
    }
  }
}
