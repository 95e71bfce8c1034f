// Texts in Bahasa Indonesia (the default) and English, and times in the region's own zone.
import id from "./i18n/id.js";
import en from "./i18n/en.js";

const dictionaries = { id, en };
let current = localStorage.getItem("siaga.language") === "en" ? "en" : "id";
let zone = { name: "WIB", iana: "Asia/Jakarta" };

export const zones = {
  WIB: "Asia/Jakarta",
  WITA: "Asia/Makassar",
  WIT: "Asia/Jayapura",
};

export function language() { return current; }

export function setLanguage(code) {
  current = code === "en" ? "en" : "id";
  localStorage.setItem("siaga.language", current);
  document.documentElement.lang = current;
}

export function setZone(name) { zone = { name, iana: zones[name] ?? "Asia/Jakarta" }; }
export function zoneName() { return zone.name; }

/**
 * The text for `key` in the console's language, with `{name}` placeholders filled from `params`. A key missing
 * from the dictionary shows as ⟦key⟧, so an untranslated text is impossible to miss (and the tests look for it).
 */
export function t(key, params = {}) {
  const text = dictionaries[current][key];
  if (text === undefined) {
    console.warn(`missing text: ${current}.${key}`);
    return `⟦${key}⟧`;
  }
  return text.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? `{${name}}`));
}

/**
 * Adds the server's words (`GET /api/v1/words`: every status's word in both languages, one table for the console
 * and the API's messages) to the dictionaries.
 */
export function addWords(words) {
  for (const [code, entries] of Object.entries(words ?? {})) {
    if (dictionaries[code]) Object.assign(dictionaries[code], entries);
  }
}

/** `t` for a key that may legitimately be absent (a value from the server): falls back to `fallback`. */
export function tOr(key, fallback) {
  return dictionaries[current][key] ?? fallback;
}

/** 14:05 (or 14:05:09) in the region's zone. */
export function time(instant, seconds = false) {
  if (!instant) return "";
  return new Intl.DateTimeFormat("id-ID", {
    timeZone: zone.iana, hour: "2-digit", minute: "2-digit", second: seconds ? "2-digit" : undefined, hour12: false,
  }).format(new Date(instant)).replace(/\./g, ":");
}

/** 23 Nov 14:05 in the region's zone. */
export function dateTime(instant) {
  if (!instant) return "";
  const date = new Intl.DateTimeFormat(current === "en" ? "en-GB" : "id-ID", {
    timeZone: zone.iana, day: "numeric", month: "short",
  }).format(new Date(instant));
  return `${date} ${time(instant)}`;
}

/** A duration in seconds as 4:05 or 1:02:03; negative durations get a minus sign. */
export function duration(totalSeconds) {
  if (totalSeconds === null || totalSeconds === undefined || Number.isNaN(totalSeconds)) return "–";
  const sign = totalSeconds < 0 ? "−" : "";
  let rest = Math.abs(Math.round(totalSeconds));
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const pad = (n) => String(n).padStart(2, "0");
  return hours > 0 ? `${sign}${hours}:${pad(minutes)}:${pad(seconds)}` : `${sign}${minutes}:${pad(seconds)}`;
}

/** Today in the region's zone as YYYY-MM-DD. */
export function localDay(instant = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone.iana }).format(instant);
}
