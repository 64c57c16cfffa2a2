/** Input forms checked in several places (config schema, construct props, the relay, the rules). */

/** Route keys: lower-case words joined by hyphens, e.g. "create-user". */
export const ROUTE_KEY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A GUID: client, tenant, object or role definition id. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An IPv4 address or CIDR range, as Azure firewalls take them. */
export const IPV4_RANGE = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)(\/(3[0-2]|[12]?\d))?$/;

/** A Key Vault name: 3-24 letters, digits and single hyphens, starting with a letter. */
export const KEY_VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

/** An Azure service tag such as LogicApps or AzureCloud.westeurope. */
export const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*$/;
