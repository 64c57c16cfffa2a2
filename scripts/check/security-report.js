#!/usr/bin/env node
// `npm run security:report`: lists every security finding and suppression of the synthesized
// stacks as a Markdown table, and writes the accepted (suppressed) findings into the output
// folder as the ignore files Checkov (.checkov.yaml) and Trivy (.trivyignore) read. By default it
// synthesizes the app (cdktf.json's "app") into cdktf.out (`--out DIR` for another folder),
// letting synth continue past error findings so all of them are listed; `--from DIR` reads an
// existing output instead. `--json` prints the records as JSON.
// Exit code 1 when a stack has an unsuppressed error finding (`--no-fail` to always exit 0).
const { spawnSync } = require("node:child_process");
const { readFileSync, writeFileSync } = require("node:fs");
const { join, resolve } = require("node:path");
const { parseArgsOrExit } = require("../args");
const { transpileIfStale } = require("../build/transpile");

const root = join(__dirname, "..", "..");

/** Loads security-report/report.ts (no cdktf inside), transpiled and cached in .build/ like the app. */
function loadReportModule() {
  const entry = join(__dirname, "security-report", "report.ts");
  return require(transpileIfStale(entry, join(root, ".build", "security-report.js")));
}

/** Runs the cdktf app into `outdir`; error findings are annotations, so synth goes on and records them. */
function synthesize(outdir) {
  const app = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")).app;
  const result = spawnSync(app, {
    cwd: root,
    shell: true,
    stdio: ["ignore", "ignore", "inherit"],
    // The app goes on past failing rules for the report (main.ts), and so does cdktf's synth.
    env: {
      ...process.env,
      CDKTF_OUTDIR: outdir,
      DMFLOW_SECURITY_REPORT: "1",
      CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true",
    },
  });
  if (result.status !== 0) {
    console.error(`security:report: synth failed (${app} exited with ${result.status}); see the output above`);
    process.exit(2);
  }
}

function main() {
  const { values: args } = parseArgsOrExit(
    "usage: npm run security:report [-- --from DIR | --out DIR] [--json] [--no-fail]",
    {
      from: { type: "string" },
      out: { type: "string" },
      json: { type: "boolean", default: false },
      "no-fail": { type: "boolean", default: false },
    },
  );
  const from = args.from;
  const report = loadReportModule();
  const outdir = resolve(from ?? args.out ?? join(root, "cdktf.out"));
  if (!from) synthesize(outdir);
  const reports = report.readSecurityReports(outdir);
  writeFileSync(join(outdir, report.CHECKOV_CONFIG_FILE), report.checkovConfig(reports));
  writeFileSync(join(outdir, report.TRIVY_IGNORE_FILE), report.trivyIgnore(reports));
  process.stdout.write(args.json ? `${JSON.stringify(reports, null, 2)}\n` : report.formatSecurityReport(reports));
  if (report.hasFailures(reports) && !args["no-fail"]) process.exitCode = 1;
}

main();
