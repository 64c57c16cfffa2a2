#!/usr/bin/env node
// The resources a drift check refreshes: every resource in the state except those whose refresh
// reads a data plane (Key Vault secrets, storage blobs, queue service properties, …), and, given the
// synthesized stack, every resource that depends on one: `-target` also refreshes each target's
// dependencies, so a role assignment or app setting naming a secret would pull the secret back in.
// The read-only plan identity has no data-plane role, and on hosted runners the firewalls keep it
// out anyway; those resources are checked by each deploy's own plan instead (docs/pipeline.md).
// Usage: terraform state list | npm run --silent pipeline:drift-targets -- [cdk.tf.json]
//        (prints -target=<address> lines; what is left out, and why, on stderr)
const { readFileSync } = require("node:fs");
const { parseArgsOrExit } = require("../args");

/** Resource (and data source) types whose refresh reads a data plane (azurerm 4.x). */
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

/**
 * azurerm reads a storage account's blob, queue and file properties from their data planes on
 * refresh unless the provider block sets `features.storage.data_plane_available = false`.
 */
function storageAccountReadsDataPlane(stackJson) {
  const providers = [stackJson?.provider?.azurerm ?? []].flat();
  const features = (p) => [p?.features ?? []].flat()[0];
  const storage = (p) => [features(p)?.storage ?? []].flat()[0];
  return !providers.some((p) => storage(p)?.data_plane_available === false);
}

/** "type.name" (or "data.type.name") of a state address; modules and instance keys dropped. */
function nodeOf(address) {
  const plain = address.replace(/\[[^\]]*\]/g, "");
  const match = /(?:^|\.)((?:data\.)?[a-z0-9_]+\.[^.]+)$/.exec(plain);
  return match ? match[1] : plain;
}
const typeOf = (node) => node.replace(/^data\./, "").split(".")[0];

/** Each resource and data source of a synthesized stack, with what it references (its dependencies). */
function dependencyGraph(stackJson) {
  const graph = new Map();
  const reference = /\$\{[^}]*?\b((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)/g;
  for (const [kind, prefix] of [
    ["resource", ""],
    ["data", "data."],
  ]) {
    for (const [type, byName] of Object.entries(stackJson?.[kind] ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        const text = JSON.stringify(body);
        const deps = new Set([...(body.depends_on ?? [])]);
        for (const m of text.matchAll(reference)) deps.add(m[1]);
        graph.set(`${prefix}${type}.${name}`, [...deps]);
      }
    }
  }
  return graph;
}

/** Splits `terraform state list` output into the addresses to refresh and those skipped (with why). */
function driftTargets(stateList, stackJson) {
  const addresses = stateList
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith("data."));
  const dataPlane = new Set(DATA_PLANE_TYPES);
  if (stackJson && storageAccountReadsDataPlane(stackJson)) dataPlane.add("azurerm_storage_account");
  const graph = stackJson ? dependencyGraph(stackJson) : new Map();
  const why = new Map();
  /** The data-plane resource a node's refresh would read, itself or through a dependency; undefined if none. */
  const reads = (node, seen = new Set()) => {
    if (why.has(node)) return why.get(node);
    if (seen.has(node)) return undefined;
    seen.add(node);
    let found = dataPlane.has(typeOf(node)) ? node : undefined;
    for (const dep of graph.get(node) ?? []) found ??= reads(dep, seen);
    why.set(node, found);
    return found;
  };
  const targets = [];
  const skipped = [];
  for (const address of addresses) {
    const through = reads(nodeOf(address));
    if (through === undefined) targets.push(address);
    else skipped.push({ address, through });
  }
  return { targets, skipped };
}

module.exports = { DATA_PLANE_TYPES, dependencyGraph, driftTargets, storageAccountReadsDataPlane };

if (require.main === module) {
  const { positionals } = parseArgsOrExit(
    "usage: terraform state list | npm run --silent pipeline:drift-targets -- [cdk.tf.json]",
    {},
    { positionals: [0, 1] },
  );
  const stack = positionals[0] ? JSON.parse(readFileSync(positionals[0], "utf8")) : undefined;
  const { targets, skipped } = driftTargets(readFileSync(0, "utf8"), stack);
  for (const address of targets) console.log(`-target=${address}`);
  for (const { address, through } of skipped)
    console.error(
      `not refreshed: ${address}${through === nodeOf(address) ? " (data plane)" : ` (depends on ${through}, read through a data plane)`}`,
    );
}
