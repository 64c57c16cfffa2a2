#!/usr/bin/env node
// Prints the name of every Key Vault in one synthesized stack (cdktf.out/stacks/<environment>/
// cdk.tf.json), one per line, so the pipeline can open the vault's firewall to its runner.
// Usage: npm run pipeline:key-vaults -- <environment> [outdir]
const { existsSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const { parseArgsOrExit } = require("../args");

/**
 * Key Vault names in a synthesized stack's JSON: the vaults it creates and the existing vaults it
 * looks up (it writes secrets into those too).
 */
function keyVaultNames(stackJson) {
  const vaults = [
    ...Object.entries(stackJson.resource?.azurerm_key_vault ?? {}),
    ...Object.entries(stackJson.data?.azurerm_key_vault ?? {}),
  ];
  return vaults.map(([id, vault]) => {
    if (typeof vault.name !== "string" || vault.name.includes("${")) {
      throw new Error(`azurerm_key_vault.${id}: its name is computed at plan time (${JSON.stringify(vault.name)}); the pipeline needs a literal name: synthesize with ARM_SUBSCRIPTION_ID set (or config subscriptionId), or set config keyVault.name`);
    }
    return vault.name;
  });
}

module.exports = { keyVaultNames };

if (require.main === module) {
  const { positionals } = parseArgsOrExit("usage: npm run pipeline:key-vaults -- <environment> [outdir]", {}, { positionals: [1, 2] });
  const [environment, outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out"] = positionals;
  const file = join(outdir, "stacks", environment, "cdk.tf.json");
  if (!existsSync(file)) {
    console.error(`${file} does not exist; run "npm run synth" with DMFLOW_ENVIRONMENTS=${environment} first`);
    process.exit(1);
  }
  try {
    for (const name of keyVaultNames(JSON.parse(readFileSync(file, "utf8")))) console.log(name);
  } catch (e) {
    console.error(`${file}: ${e.message}`);
    process.exit(1);
  }
}
