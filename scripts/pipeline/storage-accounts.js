#!/usr/bin/env node
// Prints the name of every storage account in one synthesized stack whose firewall denies by
// default (the relay's) and whose data plane the deploy reaches, one per line, so the deploy can
// open it to its runner for the run. The deploy reaches it only while azurerm polls a storage
// account's data planes (no `features.storage.data_plane_available = false`) or the stack has a
// data-plane resource in it (a blob, classic queue logging, …). A stack with neither lists nothing:
// that deploy works from a runner in the account's own region, where IP rules do not apply.
// Usage: npm run pipeline:storage-accounts -- <environment> [outdir]
const { DATA_PLANE_TYPES, dependencyGraph, storageAccountReadsDataPlane } = require("./drift-targets");
const { literalName, printStackNames } = require("./stack-names");

/** True when an apply of this stack touches the data plane of azurerm_storage_account.<id>. */
function deployReachesDataPlane(stackJson, id) {
  if (storageAccountReadsDataPlane(stackJson)) return true;
  const graph = dependencyGraph(stackJson);
  const account = `azurerm_storage_account.${id}`;
  const reaches = (node, seen = new Set()) => {
    if (node === account) return true;
    if (seen.has(node)) return false;
    seen.add(node);
    return (graph.get(node) ?? []).some((dep) => reaches(dep, seen));
  };
  return [...graph.keys()].some(
    (node) => DATA_PLANE_TYPES.has(node.replace(/^data\./, "").split(".")[0]) && reaches(node),
  );
}

/** Names of the storage accounts a stack creates with `network_rules.default_action = "Deny"`. */
function deniedStorageAccountNames(stackJson) {
  return Object.entries(stackJson.resource?.azurerm_storage_account ?? {})
    .filter(
      ([id, account]) => account.network_rules?.default_action === "Deny" && deployReachesDataPlane(stackJson, id),
    )
    .map(([id, account]) =>
      literalName("azurerm_storage_account", id, account.name, "give FlowRelay names.storageAccount"),
    );
}

module.exports = { deniedStorageAccountNames, deployReachesDataPlane };

if (require.main === module) printStackNames("pipeline:storage-accounts", deniedStorageAccountNames);
