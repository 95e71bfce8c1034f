// Warnings from other systems for the signed-in region (BMKG's quakes and weather nowcast): a strip above the board and on the
// leaders' dashboard, newest first, a strong one (an incident to verify) marked and linked to its incident. It
// refreshes itself when the live feed brings a warning.
import { get } from "./api.js";
import { h, replace } from "./dom.js";
import { t, dateTime } from "./i18n.js";

export function warningStrip(ctx) {
  const strip = h("div", { className: "warnings", id: "warnings", role: "status" });
  async function load() {
    const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    const page = await get("/warnings", { region: ctx.region.code, since });
    const items = page.items ?? [];
    replace(strip, items.map(({ kind, warning, weather }) => {
      if (kind === "weather") {
        return h("div", { className: "warning-item weather", dataset: { identifier: weather.identifier } },
          h("strong", {}, t("warning.weather", { event: weather.event })), " · ", t("warning.until", { time: dateTime(weather.expires) }),
          " · ", weather.areas.join("; "), weather.headline ? [" · ", weather.headline] : null);
      }
      const { quake, assessment } = warning;
      const felt = assessment.feltIntensity ? t("warning.felt", { mmi: roman(assessment.feltIntensity), place: assessment.feltPlace }) : t("warning.distance", { km: assessment.distanceKm });
      return h("div", { className: `warning-item ${assessment.verdict}`, dataset: { eventId: quake.eventId, verdict: assessment.verdict } },
        h("strong", {}, t("warning.quake", { magnitude: quake.magnitude.toFixed(1) })), " · ", dateTime(quake.origin), " · ", quake.area, " · ", felt,
        warning.incidentId ? h("a", { href: `#/incident/${warning.incidentId}`, className: "verify-link" }, ` ${t("warning.verify")}`) : null);
    }));
  }
  const off = ctx.on("event", (message) => { if (message.stream === "warning") load().catch(ctx.fail); });
  return { element: strip, load, cleanup: off };
}

function roman(value) {
  return ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"][value] ?? String(value);
}
