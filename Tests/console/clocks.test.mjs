// The board's countdowns: which target applies and how far a dispatch is from it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { target, countdown, worst } from "../../Sources/SiagaServer/Resources/console/js/clocks.js";

const policy = {
  warningShare: 0.8,
  targets: [
    { interval: "alarmAnswering", priority: "P1", seconds: 60 },
    { interval: "alarmAnswering", priority: "P2", seconds: 120 },
    { interval: "callProcessing", priority: null, seconds: 90 },
    { interval: "alarmAnswering", priority: "P1", agencyId: "3515-damkar", seconds: 30 },
    { interval: "alarmAnswering", agencyId: "3515-psc119", seconds: 45 },
  ],
};

test("an agency's commitment for the priority wins, then its commitment for all, then the region's", () => {
  assert.equal(target(policy, "alarmAnswering", "P1", "3515-damkar"), 30);
  assert.equal(target(policy, "alarmAnswering", "P2", "3515-psc119"), 45);
  assert.equal(target(policy, "alarmAnswering", "P2", "3515-damkar"), 120);
  assert.equal(target(policy, "callProcessing", "P3"), 90);
});

const at = (seconds) => Date.parse("2026-11-23T03:00:00Z") + seconds * 1000;
const incident = (dispatch, marks = []) => ({
  priority: "P1", createdAt: "2026-11-23T03:00:00.000Z", status: "dispatched", responseMarks: marks, dispatches: [dispatch],
});
const notified = { agencyId: "3515-polisi", status: "notified", dispatchedAt: "2026-11-23T03:00:00.000Z" };

test("a waiting dispatch is ok, then a warning at 80 %, then overdue at its target", () => {
  assert.equal(countdown(incident(notified), notified, policy, at(47)).state, "ok");
  assert.equal(countdown(incident(notified), notified, policy, at(48)).state, "warning");
  const late = countdown(incident(notified), notified, policy, at(75));
  assert.equal(late.state, "overdue");
  assert.equal(late.left, -15);
});

test("a breach the server recorded counts even when this computer's clock is behind", () => {
  const mark = { stage: "breach", interval: "alarmAnswering", agencyId: "3515-polisi", startedAt: notified.dispatchedAt };
  assert.equal(countdown(incident(notified, [mark]), notified, policy, at(10)).state, "overdue");
  assert.equal(worst(incident(notified, [mark]), policy, at(10)), "overdue");
});

test("an acknowledged dispatch is timed on its next step; an ended one has no countdown", () => {
  const acknowledged = { ...notified, status: "acknowledged", acknowledgement: { at: "2026-11-23T03:00:20.000Z" } };
  assert.equal(countdown(incident(acknowledged), acknowledged, policy, at(30)), null); // no unitAssignment target here
  const done = { ...notified, status: "completed" };
  assert.equal(countdown(incident(done), done, policy, at(30)), null);
});
