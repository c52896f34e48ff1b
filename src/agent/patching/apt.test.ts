/** `apt-cache policy` as Debian and Ubuntu print it: installed and candidate versions, and the suites of each version. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parsePolicy } from "./apt.ts";

const policy = `openssl:
  Installed: 3.0.11-1~deb12u1
  Candidate: 3.0.15-1~deb12u1
  Version table:
     3.0.15-1~deb12u1 500
        500 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
     3.0.14-1~deb12u2 500
        500 http://deb.debian.org/debian bookworm/main amd64 Packages
 *** 3.0.11-1~deb12u1 100
        100 /var/lib/dpkg/status
libc6:amd64:
  Installed: 2.36-9+deb12u14
  Candidate: 2.36-9+deb12u14
  Version table:
 *** 2.36-9+deb12u14 500
        500 http://deb.debian.org/debian bookworm/main amd64 Packages
        500 http://security.debian.org stretch/updates/main amd64 Packages
        100 /var/lib/dpkg/status
gone:
  Installed: 1.0
  Candidate: (none)
  Version table:
 *** 1.0 100
        100 /var/lib/dpkg/status
`;

describe("apt-cache policy", () => {
  it("reads each package's versions and the suites that offer them", () => {
    const parsed = parsePolicy(policy);
    assert.deepEqual(parsed.get("openssl"), {
      installed: "3.0.11-1~deb12u1",
      candidate: "3.0.15-1~deb12u1",
      suites: { "3.0.15-1~deb12u1": ["bookworm-security"], "3.0.14-1~deb12u2": ["bookworm"], "3.0.11-1~deb12u1": [] },
    });
    assert.deepEqual(parsed.get("libc6")?.suites, { "2.36-9+deb12u14": ["bookworm", "stretch/updates"] });
    assert.deepEqual(parsed.get("gone"), { installed: "1.0", candidate: "", suites: { "1.0": [] } });
  });
});
