// The region's map: our own GeoJSON boundaries always draw; tiles only where the tile server can be reached;
// posts, units and incidents as markers. Without Leaflet (not installed) the map says so and the lists still work.
import { get } from "./api.js";
import { h } from "./dom.js";
import { t } from "./i18n.js";

let config = null;

async function tileConfig() {
  if (!config) config = await fetch("/console/config.json").then((r) => r.json()).catch(() => ({}));
  return config;
}

export class RegionMap {
  constructor(container, ctx) {
    this.container = container;
    this.ctx = ctx;
    this.incidentLayer = null;
    this.unitLayer = null;
  }

  async open() {
    const L = window.L;
    if (!L) {
      this.container.append(h("p", { className: "hint map-missing" }, t("map.unavailable")));
      return false;
    }
    this.map = L.map(this.container, { zoomControl: true, attributionControl: true, keyboard: false });
    const { tileUrl, tileAttribution } = await tileConfig();
    if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 18, attribution: tileAttribution }).addTo(this.map);
    const code = this.ctx.region.code;
    const [boundaries, posts] = await Promise.all([
      get(`/regions/${code}/map/boundaries`).catch(() => null),
      get(`/regions/${code}/map/posts`).catch(() => null),
    ]);
    if (boundaries) {
      const layer = L.geoJSON(boundaries, {
        style: (feature) => ({ color: feature.properties?.level === "kabupaten" ? "#b71c1c" : "#607d8b", weight: feature.properties?.level === "kabupaten" ? 2.5 : 1, fill: false }),
      }).addTo(this.map);
      const bounds = layer.getBounds();
      if (bounds.isValid()) this.map.fitBounds(bounds, { padding: [8, 8] });
    }
    if (posts) {
      L.geoJSON(posts, { pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 4, color: "#1565c0", weight: 1, fillOpacity: 0.8 })
        .bindTooltip(feature.properties?.name ?? "") }).addTo(this.map);
    }
    await this.refreshUnits();
    return true;
  }

  async refreshUnits() {
    if (!this.map) return;
    const units = await get(`/regions/${this.ctx.region.code}/map/units`).catch(() => null);
    this.unitLayer?.remove();
    if (!units) return;
    this.unitLayer = window.L.geoJSON(units, {
      pointToLayer: (feature, latlng) => window.L.circleMarker(latlng, { radius: 6, color: "#2e7d32", weight: 2, fillOpacity: 0.6 })
        .bindTooltip(`${feature.properties?.callsign ?? ""} · ${feature.properties?.status ?? ""}`),
    }).addTo(this.map);
  }

  /** Draws the incidents with a position, coloured by priority; a click opens the incident. */
  showIncidents(incidents) {
    if (!this.map) return;
    this.incidentLayer?.remove();
    const colors = { P1: "#c62828", P2: "#ef6c00", P3: "#f9a825", P4: "#78909c" };
    const markers = incidents.filter((i) => i.location?.latitude !== undefined && i.location?.latitude !== null).map((incident) =>
      window.L.circleMarker([incident.location.latitude, incident.location.longitude], { radius: 8, color: colors[incident.priority], weight: 3, fillOpacity: 0.4 })
        .bindTooltip(`${incident.number} · ${this.ctx.categoryName(incident.category, incident.subcategory)}`)
        .on("click", () => this.ctx.navigate(`#/incident/${incident.id}`)));
    this.incidentLayer = window.L.layerGroup(markers).addTo(this.map);
  }

  remove() { this.map?.remove(); }
}
