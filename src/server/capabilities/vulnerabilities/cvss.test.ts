import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cvss3BaseScore, ratingOf } from "./cvss.ts";

/** Vectors and the base scores FIRST's calculator gives them (and NVD publishes). */
const cases: [string, number | undefined][] = [
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0], // CVE-2021-44228
  ["CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H", 9.0], // CVE-2021-45046
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8],
  ["CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2], // CVE-2021-23337
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5],
  ["CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H", 5.9], // CVE-2021-45105
  ["CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 5.5],
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1], // the classic reflected XSS
  ["CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6],
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0],
  ["CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", undefined],
  ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:X/C:H/I:H/A:H", undefined],
  ["CVSS:3.1/AV:N/AC:L", undefined],
];

describe("CVSS v3 base scores", () => {
  it("gives FIRST's calculator's score for each vector, and none for a vector that is not v3", () => {
    for (const [vector, score] of cases) assert.equal(cvss3BaseScore(vector), score, vector);
  });

  it("rates scores as CVSS v3 does", () => {
    const ratings = [0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(ratingOf);
    assert.deepEqual(ratings, ["INFORMATIONAL", "LOW", "LOW", "MEDIUM", "MEDIUM", "HIGH", "HIGH", "CRITICAL", "CRITICAL"]);
  });
});
