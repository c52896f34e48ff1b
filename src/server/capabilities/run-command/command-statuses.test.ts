import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { commandCounts, commandDetails, commandStatus, invocationStatus } from "./command-statuses.ts";
import { concurrencyLimit, errorLimit } from "./rate-control.ts";

describe("command statuses", () => {
  it("derives the coarse Status from SSM's detailed wording", () => {
    assert.equal(invocationStatus("Delivery Timed Out"), "TimedOut");
    assert.equal(invocationStatus("Execution Timed Out"), "TimedOut");
    assert.equal(invocationStatus("Terminated"), "Failed");
    assert.equal(invocationStatus("Undeliverable"), "Failed");
    assert.equal(invocationStatus("Invalid Platform"), "Failed");
    assert.equal(invocationStatus("In Progress"), "InProgress");
    assert.equal(commandStatus("Incomplete"), "Failed");
    assert.equal(commandStatus("No Instances In Tag"), "Success");
  });

  it("counts completed, errors (Failed and Execution Timed Out) and delivery timeouts", () => {
    assert.deepEqual(commandCounts({ Success: 2, Failed: 1, "Execution Timed Out": 1, "Delivery Timed Out": 2, Pending: 3 }), {
      targetCount: 9,
      completedCount: 6,
      errorCount: 2,
      deliveryTimedOutCount: 2,
    });
  });

  it("says Pending until a node has it, In Progress while any runs, Cancelling after a cancel", () => {
    assert.equal(commandDetails({ Pending: 2, Delayed: 1 }, 0, false, false), "Pending");
    assert.equal(commandDetails({ Pending: 2, "In Progress": 1 }, 0, false, false), "In Progress");
    assert.equal(commandDetails({ Success: 2, "In Progress": 1 }, 0, true, false), "Cancelling");
    assert.equal(commandDetails({ Success: 2, Cancelled: 1 }, 0, true, false), "Cancelled");
  });

  it("ends Success, Failed, Incomplete or Delivery Timed Out as SSM documents", () => {
    assert.equal(commandDetails({ Success: 3 }, 0, false, false), "Success");
    assert.equal(commandDetails({ Success: 2, Failed: 1 }, 0, false, false), "Failed");
    assert.equal(commandDetails({ Success: 2, "Execution Timed Out": 1 }, 0, false, false), "Execution Timed Out");
    assert.equal(commandDetails({ Success: 2, Failed: 1 }, 1, false, false), "Incomplete", "within MaxErrors");
    assert.equal(commandDetails({ Success: 2, "Delivery Timed Out": 1 }, 0, false, false), "Incomplete");
    assert.equal(commandDetails({ "Delivery Timed Out": 2 }, 0, false, false), "Delivery Timed Out");
    // Undeliverable and Invalid Platform do not spoil a success, unless every invocation ended so.
    assert.equal(commandDetails({ Success: 1, Undeliverable: 4 }, 0, false, false), "Success");
    assert.equal(commandDetails({ "Invalid Platform": 2 }, 0, false, false), "Failed");
    assert.equal(commandDetails({}, 0, false, true), "No Instances In Tag");
  });
});

describe("rate control", () => {
  it("reads N and N% (concurrency rounds up to at least one, errors round down)", () => {
    assert.equal(concurrencyLimit("7", 100), 7);
    assert.equal(concurrencyLimit("10%", 15), 2);
    assert.equal(concurrencyLimit("1%", 3), 1);
    assert.equal(errorLimit("10%", 15), 1);
    assert.equal(errorLimit("10%", 5), 0);
    assert.equal(errorLimit("0", 5), 0);
  });
});
