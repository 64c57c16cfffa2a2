#!/usr/bin/env node
// Turns the JSON report of `dmflow verify --json` into Markdown for a pipeline's summary (GitHub's
// job summary, Azure DevOps' build summary): one row per check with its evidence and fix, or the
// one-line error when verify could not run. dmflow has masked every secret in the report already.
// Usage: npm run pipeline:verify-summary -- <environment> <verify.json>
const { readFileSync } = require("node:fs");
const { parseArgsOrExit } = require("../args");

const MARK = { pass: "✓", fail: "✗", skip: "–" };

/** A table cell: pipes escaped, lines joined with <br>. */
const cell = (lines) =>
  []
    .concat(lines ?? [])
    .map((l) => String(l).replace(/\|/g, "\\|"))
    .join("<br>");

/** The Markdown summary of one environment's verify report (its text, as dmflow wrote it). */
function verifySummary(environment, text) {
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    return `### dmflow verify \`${environment}\`: ✗ no report (verify printed no JSON; see the job log)\n`;
  }
  if (!Array.isArray(report.checks))
    return `### dmflow verify \`${environment}\`: ✗ could not run\n\n${cell(report.error ?? "no error given")}\n`;
  const count = (status) => report.checks.filter((c) => c.status === status).length;
  const passed = count("pass");
  const heading = report.ok
    ? `✓ ${passed} check${passed === 1 ? "" : "s"} passed`
    : `✗ ${count("fail")} of ${report.checks.length} checks failed`;
  const rows = report.checks.map(
    (c) =>
      `| ${MARK[c.status] ?? "?"} | ${cell(c.title)} | ${cell(c.evidence)} | ${c.status === "fail" ? cell(c.fix) : ""} |`,
  );
  return [
    `### dmflow verify \`${environment}\`: ${heading}`,
    "",
    "| | check | evidence | fix |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

module.exports = { verifySummary };

if (require.main === module) {
  const { positionals } = parseArgsOrExit(
    "usage: npm run pipeline:verify-summary -- <environment> <verify.json>",
    {},
    { positionals: [2, 2] },
  );
  const [environment, file] = positionals;
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    // An empty report is summarised as "no report".
  }
  process.stdout.write(verifySummary(environment, text));
}
