// The console's access to the API: the session cookie is sent by the browser, changes carry the session's
// CSRF token, texts come back in the console's language, and every error is an RFC 9457 problem.

let csrfToken = null;
let language = "id";

export function setCSRF(token) { csrfToken = token; }
export function setLanguage(code) { language = code; }

/** A problem the API answered with: `status`, `title`, `detail`, `errors[]`, `reason`… */
export class Problem extends Error {
  constructor(status, body) {
    super(body?.detail ?? body?.title ?? `HTTP ${status}`);
    this.status = status;
    this.body = body ?? {};
  }
  /** Whether someone else changed the record first: reload it, then decide again. */
  get isVersionConflict() {
    return this.status === 409 && String(this.body.type ?? "").endsWith(":version-conflict");
  }
  /** The messages to show a person: the detail, then each field's message. */
  get messages() {
    const fields = (this.body.errors ?? []).map((e) => e.message ?? e.field);
    return [this.message, ...fields].filter(Boolean);
  }
}

/**
 * Calls `/api/v1` + `path`. Returns the parsed JSON (or text for other media types); throws a Problem for any
 * answer that is not 2xx. `onUnauthorized` runs when the session ended.
 */
export async function api(method, path, { body, raw, headers = {}, query } = {}) {
  const url = new URL("/api/v1" + path, location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  }
  const init = { method, headers: { "Accept-Language": language, ...headers }, credentials: "same-origin" };
  if (method !== "GET" && csrfToken) init.headers["X-CSRF-Token"] = csrfToken;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  } else if (raw !== undefined) {
    init.body = raw;
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new Problem(0, { title: "offline", detail: null });
  }
  const type = response.headers.get("Content-Type") ?? "";
  const payload = type.includes("json") ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new CustomEvent("siaga:signedout"));
    throw new Problem(response.status, typeof payload === "object" ? payload : { detail: payload });
  }
  return payload;
}

export const get = (path, query) => api("GET", path, { query });
export const post = (path, body) => api("POST", path, { body });
export const patch = (path, body) => api("PATCH", path, { body });
export const put = (path, body) => api("PUT", path, { body });
