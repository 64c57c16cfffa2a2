#!/usr/bin/env node
// The resources a drift check refreshes: every resource in the state except those read through a
// data plane (Key Vault secrets, storage blobs and queue service properties). The read-only plan
// identity has no data-plane role, and on hosted runners the Key Vault firewall keeps it out
// anyway; those resources are checked by each deploy's own plan instead (docs/pipeline.md).
// Usage: terraform state list | npm run --silent pipeline:drift-targets   (prints -target=<address> lines)
const { readFileSync } = require("node:fs");
const { parseArgsOrExit } = require("../args");

/** Resource types whose refresh reads a data plane (azurerm 4.x). */
const DATA_PLANE_TYPES = new Set([
  "azurerm_key_vault_secret",
  "azurerm_key_vault_key",
  "azurerm_key_vault_certificate",
  "azurerm_storage_blob",
  "azurerm_storage_account_queue_properties",
  "azurerm_storage_account_static_website",
  "azurerm_storage_share_file",
  "azurerm_storage_table_entity",
]);

/** Splits `terraform state list` output into the addresses to refresh and those skipped. */
function driftTargets(stateList) {
  const addresses = stateList
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith("data."));
  // The type is the address's last "type.name" pair (modules prefix it with module.<name>.).
  const typeOf = (address) => /(?:^|\.)([a-z0-9_]+)\.[^.]+$/.exec(address.replace(/\[[^\]]*\]/g, ""))?.[1] ?? "";
  return {
    targets: addresses.filter((a) => !DATA_PLANE_TYPES.has(typeOf(a))),
    skipped: addresses.filter((a) => DATA_PLANE_TYPES.has(typeOf(a))),
  };
}

module.exports = { DATA_PLANE_TYPES, driftTargets };

if (require.main === module) {
  parseArgsOrExit("usage: terraform state list | npm run --silent pipeline:drift-targets");
  const { targets, skipped } = driftTargets(readFileSync(0, "utf8"));
  for (const address of targets) console.log(`-target=${address}`);
  if (skipped.length > 0) console.error(`not refreshed (data plane): ${skipped.join(", ")}`);
}
