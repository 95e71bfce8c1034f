// The leaders' dashboard: this month's figures (or any month), calls by hour, response times per step, agencies
// ranked by follow-up, what is open and overdue now, the monthly report to print and the month's dataset to download.
import { get } from "../api.js";
import { h, replace } from "../dom.js";
import { t, duration, localDay } from "../i18n.js";
import { warningStrip } from "../warnings.js";

export async function render(ctx, view) {
  const month = h("input", { type: "month", id: "month", value: localDay().slice(0, 7), "aria-label": t("leader.month"), onchange: () => load().catch(ctx.fail) });
  const report = h("a", { className: "button", id: "monthly-report", target: "_blank", rel: "noopener" }, t("leader.monthlyReport"));
  const dataset = h("a", { className: "button", id: "monthly-dataset", download: "" }, t("leader.dataset"));
  const cards = h("div", { className: "cards", id: "kpi-cards" });
  const hourly = h("div", { className: "chart-box" }, h("canvas", { id: "calls-by-hour", "aria-label": t("leader.callsByHour") }));
  const steps = h("div", { id: "steps" });
  const ranking = h("div", { id: "ranking" });
  const warnings = warningStrip(ctx);
  view.append(h("div", { className: "leader" },
    h("div", { className: "panel-head" }, h("h2", {}, t("leader.title")), h("div", { className: "inline" }, month, report, dataset)),
    cards,
    warnings.element,
    h("div", { className: "leader-grid" },
      h("section", { className: "panel" }, h("h3", {}, t("leader.callsByHour")), hourly),
      h("section", { className: "panel" }, h("h3", {}, t("leader.responseTimes")), steps)),
    h("section", { className: "panel" }, h("h3", {}, t("leader.ranking")), ranking)));
  let chart = null;

  async function load() {
    const query = { region: ctx.region.code, month: month.value };
    report.href = `/api/v1/reports/monthly?region=${encodeURIComponent(ctx.region.code)}&month=${encodeURIComponent(month.value)}`;
    dataset.href = `/api/v1/reports/dataset?region=${encodeURIComponent(ctx.region.code)}&month=${encodeURIComponent(month.value)}&format=csv`;
    const [calls, times, agencies, open] = await Promise.all([
      get("/reports/calls", query), get("/reports/response-times", query), get("/reports/agencies", query), get("/reports/open", { region: ctx.region.code }),
    ]);
    const c = calls.report;
    const alarm = times.report.overall.find((s) => s.interval === "alarmAnswering")?.statistics;
    const openCount = Object.values(open.openIncidents).reduce((a, b) => a + b, 0);
    const card = (label, value, hint, tone = "") => h("div", { className: `card ${tone}` }, h("div", { className: "label" }, label), h("div", { className: "value" }, value), h("div", { className: "hint" }, hint));
    replace(cards,
      card(t("leader.calls"), c.total, t("leader.unanswered", { count: c.unanswered })),
      card(t("leader.emergencies"), c.dispositions.emergency ?? 0, percent(c.emergencyShare)),
      card(t("leader.nuisance"), (c.dispositions.prank ?? 0) + (c.dispositions.silent ?? 0), percent(c.total ? ((c.dispositions.prank ?? 0) + (c.dispositions.silent ?? 0)) / c.total : null)),
      card(t("leader.agencyResponse"), duration(alarm?.medianSeconds), t("leader.withinTarget", { share: percent(alarm?.shareWithinTarget) })),
      card(t("leader.openNow"), openCount, t("leader.overdueNow", { count: open.overdue.length }), open.overdue.length ? "overdue" : ""));
    drawHourly(c.hours);
    replace(steps, h("table", { className: "compact" },
      h("thead", {}, h("tr", {}, [t("leader.step"), t("leader.count"), t("leader.median"), "p90", t("leader.inTarget")].map((x) => h("th", {}, x)))),
      h("tbody", {}, times.report.overall.map((s) => h("tr", {},
        h("td", {}, t(`interval.${s.interval}`)), h("td", { className: "n" }, s.statistics.started),
        h("td", { className: "n" }, duration(s.statistics.medianSeconds)), h("td", { className: "n" }, duration(s.statistics.p90Seconds)),
        h("td", { className: "n" }, percent(s.statistics.shareWithinTarget)))))));
    replace(ranking, h("table", { className: "compact", id: "ranking-table" },
      h("thead", {}, h("tr", {}, ["#", t("leader.agency"), t("leader.dispatches"), t("leader.median"), t("leader.inTarget"), t("leader.declined"), t("leader.breaches")].map((x) => h("th", {}, x)))),
      h("tbody", {}, agencies.report.items.map((row) => h("tr", {},
        h("td", { className: "n" }, row.rank), h("td", {}, ctx.agencyName(row.agencyId)), h("td", { className: "n" }, row.dispatches),
        h("td", { className: "n" }, duration(row.alarmAnswering.medianSeconds)), h("td", { className: "n" }, percent(row.alarmAnswering.shareWithinTarget)),
        h("td", { className: "n" }, row.declined), h("td", { className: "n" }, row.breaches))))));
  }

  function drawHourly(hours) {
    const groups = [
      [t("disposition.emergency"), ["emergency", "duplicate"], "#c62828"], [t("disposition.information"), ["information"], "#1565c0"],
      [t("leader.prankSilent"), ["prank", "silent"], "#f9a825"], [t("leader.other"), ["wrongNumber", "test", "abandoned", "undecided"], "#90a4ae"],
    ];
    if (!window.Chart) {
      replace(hourly, h("table", { className: "compact" }, h("tbody", {}, hours.filter((x) => x.total).map((x) => h("tr", {}, h("td", {}, String(x.hour).padStart(2, "0")), h("td", { className: "n" }, x.total))))));
      return;
    }
    chart?.destroy();
    chart = new window.Chart(hourly.querySelector("canvas"), {
      type: "bar",
      data: {
        labels: hours.map((x) => String(x.hour).padStart(2, "0")),
        datasets: groups.map(([label, keys, color]) => ({ label, backgroundColor: color, data: hours.map((x) => keys.reduce((sum, k) => sum + (x.dispositions[k] ?? 0), 0)) })),
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } }, plugins: { legend: { position: "bottom" } } },
    });
  }

  const percent = (share) => (share === null || share === undefined ? "–" : `${Math.round(share * 100)} %`);
  ctx.keys([["Alt+1…", t("key.screens")]]);
  await Promise.all([load(), warnings.load()]).catch(ctx.fail);
  return { cleanup: () => { chart?.destroy(); warnings.cleanup(); } };
}
