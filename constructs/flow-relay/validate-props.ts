import type { IConstruct } from "../providers/cdktf";
import { GUID, IPV4_RANGE, ROUTE_KEY, SERVICE_TAG } from "../../contract/patterns";
import { RELAY_LIMITS, type RelayLimitValues } from "../../contract/relay-limits";
import { PropChecks, isUnresolved } from "../validation";
import { checkNoCodeInStack } from "./code-package";
import { FLEX_CONSUMPTION_REGIONS, FLEX_REGION_EXPECTED } from "./flex-regions";
import { relayNames } from "./relay-names";
import { roleWaitSeconds } from "../role-wait";
import { SETTING_BOUNDS, SETTING_CHOICES, boundedProp } from "../settings-bounds";
import { claimName } from "../naming/name-claims";
import { variableStem } from "../naming/variable-stem";
import { FLEX_INSTANCE_MEMORY_MB, FLEX_NODE_VERSIONS, type FlowRelayProps, STORAGE_REPLICATION } from "./props";
import { resolveRelayNetwork } from "./resolve-network";
import type { FlowRelayDecisionSettings, FlowRelaySettings } from "./settings";

/**
 * Checks every FlowRelay prop (all problems named by path, prop and value) and applies the defaults;
 * `subscriptionSuffix` makes the name suffix when none is given.
 */
export function validateFlowRelayProps(
  scope: IConstruct,
  props: FlowRelayProps,
  subscriptionSuffix: () => string,
): FlowRelaySettings {
  const nameSuffix = props.nameSuffix ?? subscriptionSuffix();
  const checks = new PropChecks(scope);
  const prefix = checks.matches(
    "namePrefix",
    props.namePrefix,
    /^[a-zA-Z0-9][a-zA-Z0-9-]{0,40}$/,
    "1-41 letters, digits and hyphens starting with a letter or digit",
  );
  if (isUnresolved(prefix))
    checks.fail("namePrefix", "known at synth (the derived names are cut to Azure's lengths)", prefix);
  checks.matches("nameSuffix", props.nameSuffix, /^[a-z0-9]{1,6}$/, "1-6 lower-case letters and digits");
  const names = relayNames(prefix, nameSuffix, props.names);
  if (props.identity && props.names?.identity !== undefined)
    checks.fail(
      "names.identity",
      "left out when identity is given (the relay creates no identity)",
      props.names.identity,
    );
  checks.matches(
    "names.functionApp",
    names.functionApp,
    /^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$/,
    "2-60 letters, digits and hyphens, not starting or ending with a hyphen",
  );
  checks.matches(
    "names.storageAccount",
    names.storageAccount,
    /^[a-z0-9]{3,24}$/,
    "3-24 lower-case letters and digits",
  );
  claimName(scope, { prop: "names.functionApp", kind: "function app", name: names.functionApp, scope: "azure" });
  claimName(scope, {
    prop: "names.storageAccount",
    kind: "storage account",
    name: names.storageAccount,
    scope: "azure",
  });

  const routeKeys = Object.keys(props.routes);
  if (routeKeys.length === 0) checks.fail("routes", "an object with at least one route", props.routes);
  for (const key of routeKeys) {
    checks.matches("routes keys", key, ROUTE_KEY, 'lower-case words joined by hyphens (e.g. "create-user")');
    checks.matches(
      `routes["${key}"].displayName`,
      props.routes[key].displayName,
      /\S/,
      "the route's name in Directory Manager, not blank",
    );
  }

  const departments = props.departments ?? {};
  for (const [department, site] of Object.entries(departments)) {
    checks.matches(
      `departments["${department}"].siteUrl`,
      site.siteUrl,
      /^https:\/\/[^/\s]+\/\S*$/,
      "an https URL of a SharePoint site",
    );
    checks.matches(`departments["${department}"].groupObjectId`, site.groupObjectId, GUID, "an object id (GUID)");
  }

  const decisions = props.decisions;
  if (decisions) {
    checks.matches(
      "decisions.directoryManagerUrl",
      decisions.directoryManagerUrl,
      /^https:\/\/[^/\s?#]+(\/[^\s?#]*)?$/,
      'an https URL without query, e.g. "https://dm.example.com"',
    );
    checks.matches(
      "decisions.directoryManagerTokenUrl",
      decisions.directoryManagerTokenUrl,
      /^https:\/\/[^/\s?#]+\/\S*$/,
      "an https URL",
    );
  }
  const decisionSettings: FlowRelayDecisionSettings | undefined = decisions && {
    directoryManagerUrl: decisions.directoryManagerUrl,
    directoryManagerTokenUrl: decisions.directoryManagerTokenUrl,
    credentialsSource: checks.oneOf("decisions.credentialsSource", decisions.credentialsSource ?? "variables", [
      "variables",
      "external",
    ]),
    variablePrefix: credentialVariablePrefix(scope, checks, decisions.variablePrefix),
    credentialsRotationDays: checks.wholeNumber(
      "decisions.credentialsRotationDays",
      decisions.credentialsRotationDays ?? 365,
      1,
      730,
    ),
    credentialsVersion: boundedProp(
      checks,
      "decisions.credentialsVersion",
      decisions.credentialsVersion,
      SETTING_BOUNDS.generation,
      { knownAtSynthBecause: "it is the credentials rotation's trigger" },
    ),
    // The relay accepts up to ten digits; Directory Manager's ids are 32-bit.
    identityStoreId: checks.wholeNumber("decisions.identityStoreId", decisions.identityStoreId, 1, 2_147_483_647, {
      knownAtSynthBecause: "the relay's setting is written at synth",
    }),
    tokenKeyVersion: boundedProp(
      checks,
      "decisions.tokenKeyVersion",
      decisions.tokenKeyVersion,
      SETTING_BOUNDS.generation,
      {
        knownAtSynthBecause: "its parity picks the key slot that signs",
      },
    ),
    decisionsKeyVersion: boundedProp(
      checks,
      "decisions.decisionsKeyVersion",
      decisions.decisionsKeyVersion,
      SETTING_BOUNDS.generation,
      { knownAtSynthBecause: "it is the key's value version" },
    ),
  };
  checkAllowLists(checks, props);
  checks.matches("deployerObjectId", props.deployerObjectId, GUID, "an object id (GUID)");
  for (const [i, id] of (props.additionalDeployerObjectIds ?? []).entries())
    checks.matches(`additionalDeployerObjectIds[${i}]`, id, GUID, "an object id (GUID)");
  for (const [i, ip] of (props.storageAllowedIpRanges ?? []).entries())
    checks.matches(`storageAllowedIpRanges[${i}]`, ip, IPV4_RANGE, "an IPv4 address or CIDR range");
  checkNoCodeInStack(checks, props);
  if (!isUnresolved(props.location) && !FLEX_CONSUMPTION_REGIONS.includes(props.location))
    checks.fail("location", FLEX_REGION_EXPECTED, props.location);
  const network = resolveRelayNetwork(props.network);
  for (const problem of network.problems) checks.fail(problem.field, problem.expected, problem.given);

  return {
    resourceGroupName: props.resourceGroupName,
    location: props.location,
    namePrefix: prefix,
    nameSuffix,
    names,
    tags: props.tags ?? {},
    keyVault: props.keyVault,
    identity: props.identity,
    routeKeys,
    routes: props.routes,
    decisions: decisionSettings,
    departments,
    departmentPointer: props.departmentPointer,
    enrichmentKey: props.enrichmentKey,
    allowedFlowHostSuffixes: props.allowedFlowHostSuffixes,
    limits: relayLimits(checks, props),
    instanceMemoryInMb: checks.oneOf(
      "instanceMemoryInMb",
      props.instanceMemoryInMb ?? SETTING_CHOICES.instanceMemoryInMb.default,
      FLEX_INSTANCE_MEMORY_MB as readonly number[],
    ),
    maximumInstanceCount: boundedProp(
      checks,
      "maximumInstanceCount",
      props.maximumInstanceCount,
      SETTING_BOUNDS.maximumInstanceCount,
    ),
    nodeVersion: checks.oneOf(
      "nodeVersion",
      props.nodeVersion ?? SETTING_CHOICES.nodeVersion.default,
      FLEX_NODE_VERSIONS as readonly string[],
      "a supported Node LTS on Flex Consumption",
    ),
    logRetentionDays: boundedProp(checks, "logRetentionDays", props.logRetentionDays, SETTING_BOUNDS.logRetentionDays, {
      knownAtSynthBecause: "queue logs keep at most 365 days of it",
    }),
    blobSoftDeleteRetentionDays: checks.wholeNumber(
      "blobSoftDeleteRetentionDays",
      props.blobSoftDeleteRetentionDays ?? 7,
      1,
      365,
    ),
    roleWaitSeconds: roleWaitSeconds(checks, "roleWaitSeconds", props.roleWaitSeconds),
    storageReplication: checks.oneOf(
      "storageReplication",
      props.storageReplication ?? SETTING_CHOICES.storageReplication.default,
      STORAGE_REPLICATION,
    ),
    network: network.settings!,
    storageAllowedIpRanges: props.storageAllowedIpRanges,
    ingressAllowedIpRanges: props.ingressAllowedIpRanges,
    decisionsAllowedSources: props.decisionsAllowedSources,
    deployerObjectId: props.deployerObjectId,
    additionalDeployerObjectIds: props.additionalDeployerObjectIds ?? [],
  };
}

/** The start of the credential variables' names: the one given (known at synth), or one from the construct's path. */
function credentialVariablePrefix(scope: IConstruct, checks: PropChecks, variablePrefix: string | undefined): string {
  if (isUnresolved(variablePrefix))
    checks.fail("decisions.variablePrefix", "known at synth (it names Terraform variables)", variablePrefix);
  checks.matches(
    "decisions.variablePrefix",
    variablePrefix,
    /^[a-z][a-z0-9_]{0,40}$/,
    'lower snake case (e.g. "directory_manager")',
  );
  return variablePrefix ?? `${variableStem(scope)}_directory_manager`;
}

/** The relay's numeric settings, each a prop of its own name within the limits the relay itself enforces. */
function relayLimits(checks: PropChecks, props: Pick<FlowRelayProps, keyof RelayLimitValues>): RelayLimitValues {
  const names = Object.keys(RELAY_LIMITS) as (keyof RelayLimitValues)[];
  return Object.fromEntries(
    names.map((name) => [name, boundedProp(checks, name, props[name], RELAY_LIMITS[name])]),
  ) as unknown as RelayLimitValues;
}

/** The inbound allow-lists: valid entries, and both set together when decisions is on (Azure's list is app-wide). */
function checkAllowLists(checks: PropChecks, props: FlowRelayProps): void {
  const ingress = props.ingressAllowedIpRanges;
  const decisionSources = props.decisionsAllowedSources;
  (ingress ?? []).forEach((ip, i) =>
    checks.matches(`ingressAllowedIpRanges[${i}]`, ip, IPV4_RANGE, "an IPv4 address or CIDR range"),
  );
  (decisionSources ?? []).forEach((source, i) => {
    if (!IPV4_RANGE.test(source))
      checks.matches(
        `decisionsAllowedSources[${i}]`,
        source,
        SERVICE_TAG,
        "an IPv4 address, a CIDR range or a service tag",
      );
  });
  if (decisionSources !== undefined && !props.decisions)
    checks.fail("decisionsAllowedSources", "left out when decisions is not set", decisionSources);
  if (props.decisions && ingress === undefined && decisionSources !== undefined) {
    checks.fail(
      "ingressAllowedIpRanges",
      "set with decisionsAllowedSources: the allow-list is app-wide and would block Directory Manager",
      ingress,
    );
  }
  if (props.decisions && ingress !== undefined && decisionSources === undefined) {
    checks.fail(
      "decisionsAllowedSources",
      'set with ingressAllowedIpRanges when decisions is set: the allow-list is app-wide and would block Power Automate (e.g. ["LogicApps"], docs/network.md)',
      decisionSources,
    );
  }
  if (ingress !== undefined && ingress.length === 0)
    checks.fail("ingressAllowedIpRanges", "a list of at least one address when set", ingress);
  if (decisionSources !== undefined && decisionSources.length === 0)
    checks.fail("decisionsAllowedSources", "a list of at least one source when set", decisionSources);
}
