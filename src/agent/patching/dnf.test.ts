/**
 * dnf's answers on the RPM family, recorded from AlmaLinux 9 (dnf 4): this machine is Debian, so dnf's output is
 * parsed here as it was printed there, and test/e2e/patching-dnf.test.ts runs Debian's own dnf against a scratch root.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { judge } from "../../protocol/patch/approval.ts";
import { nodePackages, parseNevra, parseQuery, parseUpdateinfo } from "./dnf.ts";

/** `dnf -q repoquery --installed --qf '%{name}\t%{epoch}\t%{version}\t%{release}\t%{arch}\t%{installtime}\n'` (a blank line after each) */
const installed = `kernel\t0\t5.14.0\t362.8.1.el9_3\tx86_64\t2023-11-14 22:13

openssl-libs\t1\t3.0.7\t24.el9\tx86_64\t2023-11-14 22:15

tzdata\t0\t2023c\t1.el9\tnoarch\t2023-11-14 22:16

bash\t0\t5.1.8\t6.el9_1\tx86_64\t2023-11-14 22:18

python3-pip\t0\t21.2.3\t6.el9\tnoarch\t2023-11-14 22:20

`;

/** `dnf -q repoquery --upgrades --latest-limit 1 --qf '…\t%{repoid}\n'` */
const offered = `kernel\t0\t5.14.0\t362.13.1.el9_3\tx86_64\tbaseos
openssl-libs\t1\t3.0.7\t25.el9_3\tx86_64\tbaseos
tzdata\t0\t2023d\t1.el9\tnoarch\tbaseos
python3-pip\t0\t21.2.3\t7.el9\tnoarch\tappstream
`;

/** `dnf -q updateinfo list --updates` */
const updateinfo = `ALSA-2023:7877 Low/Sec.       openssl-libs-1:3.0.7-25.el9_3.x86_64
ALBA-2023:7523 bugfix         tzdata-2023d-1.el9.noarch
ALEA-2023:1111 enhancement    python3-pip-21.2.3-7.el9.noarch
ALSA-2023:7836 Important/Sec. kernel-5.14.0-362.13.1.el9_3.x86_64
ALSA-2023:7840 Critical/Sec.  kernel-5.14.0-362.13.1.el9_3.x86_64
not an advisory line
`;

describe("dnf on the RPM family", () => {
  it("splits NEVRAs, names with dashes and epochs included", () => {
    assert.deepEqual(parseNevra("openssl-libs-1:3.0.7-25.el9_3.x86_64"), { name: "openssl-libs", evr: "1:3.0.7-25.el9_3", arch: "x86_64" });
    assert.deepEqual(parseNevra("python3-pip-21.2.3-7.el9.noarch"), { name: "python3-pip", evr: "21.2.3-7.el9", arch: "noarch" });
    assert.equal(parseNevra("nodash"), undefined);
  });

  it("reads each update's advisory, the most severe when two name one version", () => {
    const advisories = parseUpdateinfo(updateinfo);
    assert.deepEqual(advisories.get("openssl-libs.x86_64@1:3.0.7-25.el9_3"), {
      id: "ALSA-2023:7877",
      classification: "Security",
      severity: "Low",
    });
    assert.deepEqual(advisories.get("tzdata.noarch@2023d-1.el9"), { id: "ALBA-2023:7523", classification: "Bugfix", severity: "None" });
    assert.deepEqual(advisories.get("python3-pip.noarch@21.2.3-7.el9"), {
      id: "ALEA-2023:1111",
      classification: "Enhancement",
      severity: "None",
    });
    assert.deepEqual(advisories.get("kernel.x86_64@5.14.0-362.13.1.el9_3"), {
      id: "ALSA-2023:7840",
      classification: "Security",
      severity: "Critical",
    });
    assert.equal(advisories.size, 4);
  });

  it("joins installed and offered versions, and a baseline filters them by classification and severity", () => {
    const packages = nodePackages(parseQuery(installed), parseQuery(offered), parseUpdateinfo(updateinfo));
    const byName = new Map(packages.map((p) => [p.name, p]));
    const openssl = byName.get("openssl-libs");
    assert.equal(openssl?.installed, "1:3.0.7-24.el9");
    assert.equal(openssl?.candidate, "1:3.0.7-25.el9_3");
    assert.equal(openssl?.installedTime, new Date(2023, 10, 14, 22, 15).getTime(), "dnf prints the local time");
    assert.deepEqual(openssl?.about(openssl.candidate), {
      classification: "Security",
      severity: "Low",
      kbId: "ALSA-2023:7877",
      repository: "baseos",
      security: true,
      facts: { advisoryIds: ["ALSA-2023:7877"], classification: "Security", severity: "Low" },
    });
    assert.equal(byName.get("bash")?.candidate, "5.1.8-6.el9_1", "nothing newer: the installed version");
    assert.equal(byName.get("bash")?.about("5.1.8-6.el9_1").kbId, "bash-5.1.8-6.el9_1.x86_64");

    // AlmaLinux's default rule, narrowed: security updates rated Critical or Important, at once.
    const body = {
      ApprovalRules: {
        PatchRules: [
          {
            PatchFilterGroup: {
              PatchFilters: [
                { Key: "CLASSIFICATION" as const, Values: ["Security"] },
                { Key: "SEVERITY" as const, Values: ["Critical", "Important"] },
              ],
            },
            ApproveAfterDays: 0,
          },
        ],
      },
    };
    const approved = packages
      .filter((p) => p.candidate !== p.installed)
      .filter((p) => {
        const about = p.about(p.candidate);
        const facts = { id: p.name, name: p.name, version: p.candidate, arch: p.arch, ...about.facts, security: about.security };
        return judge("ALMA_LINUX", body, facts, Date.now())?.status === "APPROVED";
      })
      .map((p) => p.name);
    assert.deepEqual(approved, ["kernel"]);
  });
});
