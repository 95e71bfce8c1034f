// The field team's phone: the current task, three big status buttons, a photo, and a link to navigate there.
import { api, get, post } from "../api.js";
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";

export async function render(ctx, view) {
  const unitId = ctx.session.unitIds?.[0];
  const panel = h("section", { className: "panel field", id: "field" });
  view.append(panel);
  if (!unitId) { replace(panel, h("p", { className: "empty" }, t("field.noUnit"))); return {}; }

  async function load() {
    const answer = await get(`/units/${unitId}/task`);
    const task = answer.task;
    if (!task) {
      replace(panel, h("h2", {}, answer.unit.callsign), h("p", { className: "empty", id: "no-task" }, t("field.noTask")));
      return;
    }
    const where = task.location;
    const navigate = where?.latitude ? `https://www.openstreetmap.org/directions?to=${where.latitude}%2C${where.longitude}` : null;
    const photo = h("input", { type: "file", accept: "image/jpeg,image/png,image/webp", capture: "environment", id: "photo", onchange: () => upload(task, photo.files[0]) });
    replace(panel,
      h("h2", {}, answer.unit.callsign),
      h("div", { className: "task", id: "task" },
        h("span", { className: `priority ${task.priority}` }, task.priority), " ", h("strong", {}, task.number),
        h("p", {}, ctx.categoryName(task.category, task.subcategory)),
        h("p", {}, task.description),
        h("p", { className: "muted" }, where?.address ?? ""),
        navigate ? h("a", { href: navigate, className: "button big", target: "_blank", rel: "noopener" }, t("field.navigate")) : null),
      h("div", { className: "field-buttons" }, task.nextStatuses.map((status) =>
        h("button", { type: "button", className: `big ${status}`, dataset: { status }, onclick: () => report(status) }, t(`field.${status}`)))),
      h("label", { className: "button big" }, t("field.photo"), photo));
  }

  async function report(status) {
    const body = { status };
    if (status === "completed") {
      const summary = prompt(t("incident.outcomePrompt"));
      if (!summary?.trim()) return;
      body.outcome = { summary: summary.trim() };
    }
    try { await post(`/units/${unitId}/status`, body); ctx.toast(t(`field.done.${status}`)); await load(); } catch (error) { ctx.fail(error); }
  }

  async function upload(task, file) {
    if (!file) return;
    try {
      await api("POST", `/incidents/${task.incidentId}/attachments`, { raw: file, headers: { "Content-Type": file.type || "application/octet-stream" } });
      ctx.toast(t("field.photoSent"));
    } catch (error) { ctx.fail(error); }
  }

  const offEvent = ctx.on("event", (message) => { if (message.stream === "incident" || message.stream === "unit") load().catch(ctx.fail); });
  const offReady = ctx.on("ready", () => load().catch(ctx.fail));
  ctx.keys([]);
  await load().catch(ctx.fail);
  return { cleanup: () => { offEvent(); offReady(); } };
}
