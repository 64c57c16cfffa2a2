#!/usr/bin/env node
// Prints the name of every Key Vault in one synthesized stack (cdktf.out/stacks/<environment>/
// cdk.tf.json), one per line, so the pipeline can open the vault's firewall to its runner.
// Usage: npm run pipeline:key-vaults -- <environment> [outdir]
const { literalName, printStackNames } = require("./stack-names");

/**
 * Key Vault names in a synthesized stack's JSON: the vaults it creates and the existing vaults it
 * looks up (it writes secrets into those too).
 */
function keyVaultNames(stackJson) {
  const vaults = [
    ...Object.entries(stackJson.resource?.azurerm_key_vault ?? {}),
    ...Object.entries(stackJson.data?.azurerm_key_vault ?? {}),
  ];
  return vaults.map(([id, vault]) => literalName("azurerm_key_vault", id, vault.name, "set config keyVault.name"));
}

module.exports = { keyVaultNames };

if (require.main === module) printStackNames("pipeline:key-vaults", keyVaultNames);
