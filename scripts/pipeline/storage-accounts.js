#!/usr/bin/env node
// Prints the name of every storage account in one synthesized stack whose firewall denies by
// default (the relay's), one per line, so the deploy can open it to its runner for the run: the
// runner uploads the relay package and writes queue logging settings through the data plane.
// Usage: npm run pipeline:storage-accounts -- <environment> [outdir]
const { literalName, printStackNames } = require("./stack-names");

/** Names of the storage accounts a stack creates with `network_rules.default_action = "Deny"`. */
function deniedStorageAccountNames(stackJson) {
  return Object.entries(stackJson.resource?.azurerm_storage_account ?? {})
    .filter(([, account]) => account.network_rules?.default_action === "Deny")
    .map(([id, account]) =>
      literalName("azurerm_storage_account", id, account.name, "give FlowRelay names.storageAccount"),
    );
}

module.exports = { deniedStorageAccountNames };

if (require.main === module) printStackNames("pipeline:storage-accounts", deniedStorageAccountNames);
