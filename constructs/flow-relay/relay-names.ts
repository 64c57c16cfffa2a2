import { NAME_RULES, derivedName } from "../naming/derived-name";
import type { FlowRelayNames } from "./props";

/**
 * The relay's resource names: each explicit name, or `<namePrefix>-relay-<kind>-<suffix>` cut to
 * Azure's length for the kind (storage: letters and digits only). The suffix makes the derived
 * names unique per subscription and construct path (uniqueSuffix).
 */
export function relayNames(namePrefix: string, suffix: string, names: FlowRelayNames = {}): Required<FlowRelayNames> {
  return {
    functionApp: names.functionApp ?? derivedName(NAME_RULES.functionApp, namePrefix, "relay", suffix),
    servicePlan: names.servicePlan ?? derivedName(NAME_RULES.servicePlan, namePrefix, "relay-plan", suffix),
    storageAccount: names.storageAccount ?? derivedName(NAME_RULES.storageAccount, namePrefix, "relay", suffix),
    identity: names.identity ?? derivedName(NAME_RULES.identity, namePrefix, "relay-identity", suffix),
    applicationInsights:
      names.applicationInsights ?? derivedName(NAME_RULES.applicationInsights, namePrefix, "relay-insights", suffix),
    logAnalyticsWorkspace:
      names.logAnalyticsWorkspace ?? derivedName(NAME_RULES.logAnalyticsWorkspace, namePrefix, "relay-logs", suffix),
    virtualNetwork: names.virtualNetwork ?? derivedName(NAME_RULES.virtualNetwork, namePrefix, "relay-vnet", suffix),
  };
}
