// Where each running step stands against its response-time target, for the countdowns. The server decides which
// target applies and sends every running step's deadlines with the incident (`deadlines`: `warnAt`, `dueAt`,
// `breached`); the console only subtracts the time now from them.

/** The running step of `dispatch` (or, with no dispatch, the incident's call processing); null when none runs. */
export function deadline(incident, dispatch) {
  const agency = dispatch?.agencyId ?? null;
  return (incident.deadlines ?? []).find((d) => (d.agencyId ?? null) === agency) ?? null;
}

/**
 * The countdown of a running step: seconds left (negative when overdue), the target, and `state` ok | warning |
 * overdue. A breach the server recorded counts even when this computer's clock disagrees.
 */
export function countdown(incident, dispatch, now = Date.now()) {
  const step = deadline(incident, dispatch);
  return step ? stand(step, now) : null;
}

function stand(step, now) {
  const left = (Date.parse(step.dueAt) - now) / 1000;
  const state = step.breached || left <= 0 ? "overdue" : now >= Date.parse(step.warnAt) ? "warning" : "ok";
  return { interval: step.interval, left, target: step.targetSeconds, state };
}

/** The incident's worst state over its running steps, for sorting and flagging rows. */
export function worst(incident, now = Date.now()) {
  const rank = { ok: 0, warning: 1, overdue: 2 };
  return (incident.deadlines ?? []).map((step) => stand(step, now).state)
    .reduce((a, b) => (rank[b] > rank[a] ? b : a), "ok");
}
