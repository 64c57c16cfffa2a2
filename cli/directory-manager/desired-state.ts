/**
 * The stack's outputs turned into what Directory Manager should hold: the settings fields, and per
 * route the relay's URL with the function key (`?code=`), which exists only in memory, masked.
 */
import type { DesiredState } from "./settings-diff";
import type { StackOutputs } from "../stack-outputs";

export function desiredState(outputs: StackOutputs, functionKey: string | undefined): DesiredState {
  const s = outputs.directoryManagerSettings;
  const relayUrls = outputs.relayRouteUrls ?? {};
  // Outputs of an older version carry no directoryManagerServer: their groupIDServiceUrl was derived
  // from the server, not configured, so it never replaces a value Directory Manager holds.
  const callbackUrlConfigured = s.directoryManagerServer !== undefined;
  return {
    settings: {
      organizationalCode: s.organizationalCode,
      region: s.region,
      tenantID: s.tenantID,
      ...(s.groupIDServiceUrl === undefined ? {} : { groupIDServiceUrl: s.groupIDServiceUrl }),
    },
    callbackUrlConfigured,
    clientId: s.clientID,
    identityStoreId: s.identityStoreID,
    routes: s.routes.map((route) => {
      const base = relayUrls[route.routeKey];
      const requestUrl =
        base !== undefined && functionKey !== undefined ? `${base}?code=${encodeURIComponent(functionKey)}` : undefined;
      return { routeKey: route.routeKey, displayName: route.displayName, ...(requestUrl ? { requestUrl } : {}) };
    }),
  };
}
