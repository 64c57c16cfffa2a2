// Loaded with `node --require` by the benchmarks: writes this process's peak RSS (KiB) and CPU time
// (user + system, microseconds) as JSON to the file named by RSS_PROBE_FILE when it exits. CPU time
// varies less than wall time when other work keeps the cores busy.
const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  if (!process.env.RSS_PROBE_FILE) return;
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  writeFileSync(process.env.RSS_PROBE_FILE, JSON.stringify({ maxRSS, cpuMicros: userCPUTime + systemCPUTime }));
});
