// Loaded with `node --require` by the benchmarks: writes this process's peak RSS (KiB) to the
// file named by RSS_PROBE_FILE when it exits.
const { writeFileSync } = require("node:fs");
process.on("exit", () => {
  if (process.env.RSS_PROBE_FILE) writeFileSync(process.env.RSS_PROBE_FILE, String(process.resourceUsage().maxRSS));
});
