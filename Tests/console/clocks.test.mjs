// The countdowns: the server sends each running step's deadlines, and the console only subtracts the time now.
import { test } from "node:test";
import assert from "node:assert/strict";
import { countdown, deadline, worst } from "../../Sources/SiagaServer/Resources/console/js/clocks.js";

const at = (seconds) => Date.parse("2026-11-23T03:00:00Z") + seconds * 1000;
const iso = (seconds) => new Date(at(seconds)).toISOString();
const step = (agencyId, { warn = 48, due = 60, breached = false } = {}) => ({
  interval: agencyId ? "alarmAnswering" : "callProcessing", agencyId, startedAt: iso(0), targetSeconds: due,
  warnAt: iso(warn), dueAt: iso(due), breached,
});
const polisi = { agencyId: "3515-polisi", status: "notified" };
const damkar = { agencyId: "3515-damkar", status: "completed" };

test("a waiting dispatch is ok, then a warning from its warnAt, then overdue from its dueAt", () => {
  const incident = { deadlines: [step("3515-polisi")] };
  assert.equal(countdown(incident, polisi, at(47)).state, "ok");
  assert.equal(countdown(incident, polisi, at(48)).state, "warning");
  const late = countdown(incident, polisi, at(75));
  assert.equal(late.state, "overdue");
  assert.equal(late.left, -15);
  assert.equal(late.target, 60);
});

test("a breach the server recorded counts even when this computer's clock is behind", () => {
  const incident = { deadlines: [step("3515-polisi", { breached: true })] };
  assert.equal(countdown(incident, polisi, at(10)).state, "overdue");
  assert.equal(worst(incident, at(10)), "overdue");
});

test("a dispatch with no running step has no countdown, and the incident's own step has no agency", () => {
  const incident = { deadlines: [step(undefined, { warn: 72, due: 90 })] };
  assert.equal(countdown(incident, damkar, at(30)), null);
  assert.equal(deadline(incident, damkar), null);
  assert.equal(countdown(incident, null, at(80)).state, "warning");
});

test("the incident's worst state is the worst of its running steps", () => {
  const incident = { deadlines: [step("3515-polisi", { warn: 100, due: 120 }), step("3515-psc119", { warn: 20, due: 30 })] };
  assert.equal(worst(incident, at(10)), "ok");
  assert.equal(worst(incident, at(25)), "warning");
  assert.equal(worst(incident, at(31)), "overdue");
  assert.equal(worst({ deadlines: [] }, at(31)), "ok");
});
