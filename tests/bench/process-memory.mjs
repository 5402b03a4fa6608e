// The memory of the app and of every process it started (WebKit's web and network processes),
// as the proportional set size (PSS: shared libraries counted fairly), read from /proc.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export function descendants(pid) {
  const out = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" });
  const rows = out.trim().split("\n").map((l) => l.trim().split(/\s+/).map(Number));
  const all = [pid];
  for (let i = 0; i < all.length; i++) for (const [p, pp] of rows) if (pp === all[i]) all.push(p);
  return all;
}

export function pssKiB(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/^Pss:\s+(\d+) kB/m);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function processName(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "?";
  }
}

/** The PSS of `pid` and every process under it, in MiB, and each one's share by name. */
export function treeMemory(pid) {
  const tree = descendants(pid);
  return {
    totalMiB: tree.reduce((sum, p) => sum + pssKiB(p), 0) / 1024,
    byProcess: tree.map((p) => `${processName(p)} ${(pssKiB(p) / 1024).toFixed(1)}`),
  };
}
