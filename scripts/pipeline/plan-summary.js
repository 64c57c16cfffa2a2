#!/usr/bin/env node
// Turns the log of `cdktf diff <environment>` into a Markdown plan summary for a pull request:
// the Terraform summary line, each resource change, and the plan itself folded away.
// Terraform already prints sensitive values as "(sensitive value)"; flow-URL signatures and
// bearer-looking strings are masked again here as a second guard.
// Usage: npm run pipeline:plan-summary -- <environment> <diff-log>
const { readFileSync } = require("node:fs");
const { parseArgsOrExit } = require("../args");

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes this strips
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
// A refresh-only plan (the drift check) names what changed outside Terraform ("has changed", "has
// been deleted") under "Objects have changed outside of Terraform", with no "Plan:" line.
const CHANGE =
  /#\s+(\S+)\s+(will be created|will be updated in-place|will be destroyed|must be replaced|will be read during apply|has changed|has been changed|has been deleted)/;
const SUMMARY =
  /(Plan: \d+ to add, \d+ to change, \d+ to destroy\.|No changes\.[^\n]*|Objects have changed outside of Terraform)/;
const MAX_PLAN_CHARS = 50000;
const SYMBOL = {
  "will be created": "➕ create",
  "will be updated in-place": "✏️ update",
  "will be destroyed": "🗑️ destroy",
  "must be replaced": "♻️ replace",
  "will be read during apply": "📖 read",
  "has changed": "🔀 changed outside Terraform",
  "has been changed": "🔀 changed outside Terraform",
  "has been deleted": "🗑️ deleted outside Terraform",
};

/** Masks what must never reach a comment even if a tool printed it. */
function redact(text) {
  return text.replace(/([?&]sig=)[^&\s"']+/gi, "$1***").replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{16,}/g, "$1***");
}

/** The Markdown summary of one environment's diff log. */
function planSummary(environment, log) {
  const text = redact(log.replace(ANSI, "").replace(/\r/g, ""));
  const changes = [];
  for (const line of text.split("\n")) {
    const m = CHANGE.exec(line);
    if (m) changes.push(`- ${SYMBOL[m[2]]} \`${m[1]}\``);
  }
  const summary = SUMMARY.exec(text)?.[1] ?? "⚠️ no plan summary found: the diff failed; see the job log";
  const plan =
    text.length > MAX_PLAN_CHARS ? `${text.slice(0, MAX_PLAN_CHARS)}\n… (cut; the full plan is in the job log)` : text;
  return [
    `### \`${environment}\`: ${summary}`,
    "",
    ...(changes.length > 0 ? [...changes, ""] : []),
    "<details><summary>Plan</summary>",
    "",
    "```",
    plan.replace(/```/g, "`\u200b``").trimEnd(),
    "```",
    "",
    "</details>",
    "",
  ].join("\n");
}

module.exports = { planSummary, redact };

if (require.main === module) {
  const { positionals } = parseArgsOrExit(
    "usage: npm run pipeline:plan-summary -- <environment> <diff-log>",
    {},
    { positionals: [2, 2] },
  );
  const [environment, file] = positionals;
  process.stdout.write(planSummary(environment, readFileSync(file, "utf8")));
}
