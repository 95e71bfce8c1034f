// Where each dispatch stands against its response-time target, for the board's countdowns. The rule for which
// target applies is the server's (ResponsePolicy.target): the agency's commitment for the priority, else for all
// priorities, else the region's target for the priority, else for all.

/** The target in seconds for `interval` at `priority`, for `agency` when given. */
export function target(policy, interval, priority, agency) {
  const rows = (policy?.targets ?? []).filter((r) => r.interval === interval && (!r.priority || r.priority === priority));
  const best = (list) => (list.find((r) => r.priority === priority) ?? list.find((r) => !r.priority))?.seconds;
  return (agency ? best(rows.filter((r) => r.agencyId === agency)) : undefined) ?? best(rows.filter((r) => !r.agencyId));
}

/** The step a dispatch is on now, with when it started; null when the dispatch has ended. */
export function currentStep(dispatch) {
  switch (dispatch.status) {
    case "notified": return { interval: "alarmAnswering", since: dispatch.dispatchedAt };
    case "acknowledged": return { interval: "unitAssignment", since: dispatch.acknowledgement?.at };
    case "unitAssigned":
    case "enRoute": return { interval: "turnoutAndTravel", since: dispatch.units?.[0]?.assignedAt };
    case "onScene": return { interval: "onSceneHandling", since: dispatch.onSceneAt };
    default: return null;
  }
}

/**
 * The countdown of a dispatch (or, with no dispatch, of the incident's call processing): seconds left (negative
 * when overdue), the target, and `state` ok | warning | overdue. A breach the server recorded counts even when
 * this computer's clock disagrees.
 */
export function countdown(incident, dispatch, policy, now = Date.now()) {
  const step = dispatch ? currentStep(dispatch) : { interval: "callProcessing", since: incident.callAnsweredAt ?? incident.createdAt };
  if (!step?.since) return null;
  const seconds = target(policy, step.interval, incident.priority, dispatch?.agencyId);
  if (!seconds) return null;
  const elapsed = (now - Date.parse(step.since)) / 1000;
  const left = seconds - elapsed;
  const breached = (incident.responseMarks ?? []).some((m) => m.stage === "breach" && m.interval === step.interval && (m.agencyId ?? null) === (dispatch?.agencyId ?? null) && m.startedAt === step.since);
  const warningShare = policy?.warningShare ?? 0.8;
  const state = left <= 0 || breached ? "overdue" : elapsed >= seconds * warningShare ? "warning" : "ok";
  return { interval: step.interval, left, target: seconds, state };
}

/** The incident's worst state over its open steps, for sorting and flagging rows. */
export function worst(incident, policy, now = Date.now()) {
  const open = (incident.dispatches ?? []).filter((d) => currentStep(d));
  const clocks = open.length ? open.map((d) => countdown(incident, d, policy, now)) : incident.status === "logged" ? [countdown(incident, null, policy, now)] : [];
  const rank = { ok: 0, warning: 1, overdue: 2 };
  return clocks.filter(Boolean).reduce((a, b) => (rank[b.state] > rank[a] ? b.state : a), "ok");
}
