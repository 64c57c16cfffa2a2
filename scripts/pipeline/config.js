#!/usr/bin/env node
// Copies the config directory and adds the pipeline runner's public address to every
// environment's keyVault.allowedIpRanges, for one run. The pipeline points DMFLOW_CONFIG_DIR at
// the copy, so Terraform's own view of the vault firewall includes the runner while it reads and
// writes secrets (a rule added only with `az keyvault network-rule add` would be removed by the
// apply, as drift, before the secrets are written). The copy lives in the runner's temp folder.
// Usage: npm run pipeline:config -- --allow-ip <IPv4[/32]> --out <dir> [--config-dir config]
const { mkdirSync, readdirSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { parseArgsOrExit } = require("../args");

const IPV4 = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$/;

/** "203.0.113.7" or "203.0.113.7/32" → "203.0.113.7/32" (Key Vault stores single addresses as /32). */
function runnerRange(ip) {
  const address = ip.replace(/\/32$/, "");
  if (!IPV4.test(address))
    throw new Error(`--allow-ip: got "${ip}"; expected the runner's public IPv4 address, like 203.0.113.7`);
  const [a, b] = address.split(".").map(Number);
  const isPrivate =
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127);
  if (isPrivate)
    throw new Error(`--allow-ip: got "${ip}", a private address; Key Vault firewall rules take public addresses only`);
  return `${address}/32`;
}

/** Writes the copy; returns the environment names changed. */
function writePipelineConfig(configDir, outDir, ip) {
  const range = runnerRange(ip);
  mkdirSync(outDir, { recursive: true });
  const changed = [];
  for (const file of readdirSync(configDir)) {
    const text = readFileSync(join(configDir, file), "utf8");
    if (!file.endsWith(".json") || file.endsWith(".schema.json")) {
      writeFileSync(join(outDir, file), text);
      continue;
    }
    const config = JSON.parse(text);
    const keyVault = config.keyVault ?? {};
    const allowed = keyVault.allowedIpRanges ?? [];
    const has = allowed.some((r) => r === range || `${r}/32` === range);
    config.keyVault = { ...keyVault, allowedIpRanges: has ? allowed : [...allowed, range] };
    writeFileSync(join(outDir, file), `${JSON.stringify(config, null, 2)}\n`);
    changed.push(file.replace(/\.json$/, ""));
  }
  return changed;
}

module.exports = { runnerRange, writePipelineConfig };

if (require.main === module) {
  const usage = "usage: npm run pipeline:config -- --allow-ip <IPv4> --out <dir> [--config-dir config]";
  const { values } = parseArgsOrExit(usage, {
    "allow-ip": { type: "string" },
    out: { type: "string" },
    "config-dir": { type: "string", default: "config" },
  });
  const { "allow-ip": ip, out, "config-dir": configDir } = values;
  if (!ip || !out) {
    console.error(`--allow-ip and --out are required\n${usage}`);
    process.exit(2);
  }
  try {
    const changed = writePipelineConfig(configDir, out, ip);
    console.log(`${out}: ${changed.join(", ")} allow ${runnerRange(ip)} through the Key Vault firewall for this run`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
