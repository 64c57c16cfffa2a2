import { isIP } from "node:net";
import { z } from "zod";
import { RESOURCE_APIS, type ResourceApiName } from "../resource-apis";
import { flowUrlVariableName } from "../flow-environment/flow-request-url";
import { normaliseCallbackUrl, normaliseDirectoryManagerServer } from "../flow-environment/normalise";
import { GUID, IPV4_RANGE, ROUTE_KEY } from "../../contract/patterns";
import { AZURE_REGIONS, nearestRegions } from "./azure-regions";
import { nonPublicReason } from "./ip-ranges";

// The field forms of config/<environment>.json. Every message completes "expected …": the loader
// prints "got <value>; expected <message>".

/** A string field whose type error and pattern error say the same expected form. */
export const text = (pattern: RegExp, expected: string) =>
  z.string({ error: expected }).regex(pattern, { error: expected });

const GUID_FORM = "a GUID like 6f1c2d3e-4a5b-4c7d-8e9f-0a1b2c3d4e5f";
/** A tenant, subscription, client or object id; the all-zero GUID is a placeholder, never a real id. */
export const guid = text(GUID, GUID_FORM).refine((v) => !/^[0-]+$/.test(v), {
  error: `${GUID_FORM}, not the all-zero placeholder`,
});

/** An Azure region of the public cloud, from the recorded list (azure-regions.ts). */
export const location = z
  .string({ error: "an Azure region name in lower case, such as westeurope" })
  .superRefine((value, ctx) => {
    if (AZURE_REGIONS.includes(value)) return;
    const near = nearestRegions(value);
    const hint = /^(usgov|usdod|usnat|ussec|china)/.test(value)
      ? " (a region of Azure's public cloud: the stack deploys there, not to a sovereign cloud)"
      : near.length > 0
        ? ` (did you mean ${near.join(" or ")}?)`
        : "";
    ctx.addIssue({
      code: "custom",
      input: value,
      message: `an Azure region name in lower case, such as westeurope${hint}; the regions are listed in docs/configuration.md`,
    });
  });

/** Resource group names as Azure takes them: 1-90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'. */
export const resourceGroupName = (what: string) =>
  text(
    /^[-\w.()\p{L}\p{N}]{0,89}[-\w()\p{L}\p{N}]$/u,
    `${what}: 1-90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'`,
  );

/**
 * Public IPv4 addresses or CIDR ranges, each once. Private, loopback and other non-public ranges
 * never match a caller from the internet (and Key Vault refuses them).
 */
export const publicIpv4Ranges = (alsoAllowed?: { pattern: RegExp; form: string }) => {
  const form = `a public IPv4 address or CIDR range like 203.0.113.10 or 203.0.113.0/24${alsoAllowed ? `, or ${alsoAllowed.form}` : ""}`;
  return z.array(z.string({ error: form })).superRefine((entries, ctx) => {
    entries.forEach((entry, i) => {
      if (alsoAllowed?.pattern.test(entry)) return;
      if (!IPV4_RANGE.test(entry)) return ctx.addIssue({ code: "custom", path: [i], input: entry, message: form });
      const reason = nonPublicReason(entry);
      if (reason)
        ctx.addIssue({
          code: "custom",
          path: [i],
          input: entry,
          message: `${form}; ${reason}, which no caller from the internet has`,
        });
      if (entries.indexOf(entry) < i)
        ctx.addIssue({
          code: "custom",
          path: [i],
          input: entry,
          message: "each address or range once (it is already listed)",
        });
    });
  });
};

/**
 * A string checked by one of the flow environment's normalisers (their errors become the expected form).
 * The raw value is kept: the constructs normalise it, so config and props behave the same.
 */
export const normalised = (typeForm: string, normalise: (value: string) => string) =>
  z.string({ error: typeForm }).superRefine((value, ctx) => {
    try {
      normalise(value);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: (e as Error).message, input: value });
    }
  });

/** True for localhost, a loopback or unspecified address: nothing outside the machine reaches it. */
export function isLocalHost(host: string): boolean {
  const bare = host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
  if (bare === "localhost" || bare.endsWith(".localhost")) return true;
  if (isIP(bare) === 4) return /^(127|0)\./.test(bare);
  if (isIP(bare) === 6) return /^(::1?|0:0:0:0:0:0:0:[01])$/.test(bare) || /^::ffff:(127|0)\./.test(bare);
  return false;
}

/** Directory Manager's server: a form normaliseDirectoryManagerServer takes, reachable from Azure. */
export const directoryManagerServer = normalised(
  "a host name, an IP address or an https URL",
  normaliseDirectoryManagerServer,
).superRefine((value, ctx) => {
  let host: string;
  try {
    host = new URL(normaliseDirectoryManagerServer(value)).hostname;
  } catch {
    return; // reported by normalised()
  }
  if (isLocalHost(host)) {
    ctx.addIssue({
      code: "custom",
      input: value,
      message:
        "the name or public address Power Automate and the relay reach Directory Manager at, such as dm.contoso.com; localhost and loopback addresses point at the caller itself",
    });
  }
});

/** groupIDServiceUrl: the URL Power Automate calls back on (path and port allowed), reachable from the internet. */
export const callbackUrl = normalised(
  "an https URL such as https://dm.contoso.com/GroupIDDataService",
  normaliseCallbackUrl,
).superRefine((value, ctx) => {
  let host: string;
  try {
    host = new URL(normaliseCallbackUrl(value)).hostname;
  } catch {
    return; // reported by normalised()
  }
  if (isLocalHost(host))
    ctx.addIssue({
      code: "custom",
      input: value,
      message:
        "the public URL Power Automate calls back on, such as https://dm.contoso.com/GroupIDDataService; localhost and loopback addresses point at the caller itself",
    });
});

/** An https URL of Directory Manager (its token endpoint), reachable from Azure. */
export const directoryManagerUrl = (form: string) =>
  text(/^https:\/\/[^\s/?#]+\/\S*$/, form).superRefine((value, ctx) => {
    let host = "";
    try {
      host = new URL(value).hostname;
    } catch {
      return; // reported by text()
    }
    if (isLocalHost(host))
      ctx.addIssue({
        code: "custom",
        input: value,
        message: `${form}, on a name or public address the relay reaches from Azure; localhost and loopback addresses point at the relay itself`,
      });
  });

/** A flow URL source; a literal URL is refused without echoing it (it is a bearer secret). */
const flowRequestUrlSource = (routeKey: string) =>
  z.unknown().transform((value, ctx): { source: "variable" } | { source: "external" } => {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const source = (value as { source?: unknown }).source;
      if ((source === "variable" || source === "external") && Object.keys(value).length === 1) return { source };
    }
    const literal = typeof value === "string";
    ctx.addIssue({
      code: "custom",
      input: literal ? "(a URL, not shown: it is a secret)" : value,
      message: literal
        ? `{"source": "variable"} or {"source": "external"}, not the URL itself: a flow request URL is a bearer secret (its sig lets anyone run the flow) and must not be in a config file or in git. ` +
          `Use {"source": "variable"} and pass TF_VAR_${flowUrlVariableName(routeKey)} from the pipeline's secret store, or {"source": "external"} and set it once with az keyvault secret set`
        : `{"source": "variable"} (a sensitive Terraform variable) or {"source": "external"} (set with az keyvault secret set)`,
    });
    return z.NEVER;
  });

const DISPLAY_NAME_FORM = 'the route\'s name in Directory Manager, 1-100 characters, e.g. "Create User"';

/** Workflow routes by key; each route's display name is its own (Directory Manager tells routes apart by it). */
export const routes = z
  .record(z.string(), z.unknown(), { error: 'an object of workflow routes, e.g. {"create-user": {...}}' })
  .transform((raw, ctx) => {
    const out: Record<
      string,
      {
        displayName: string;
        flowRequestUrl: { source: "variable" } | { source: "external" };
        auth?: "sig" | "entra";
      }
    > = {};
    const byName = new Map<string, string>();
    for (const [key, value] of Object.entries(raw)) {
      if (!ROUTE_KEY.test(key) || key.length > 40) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          input: key,
          message: 'a route key of lower-case words joined by hyphens, at most 40 characters, e.g. "create-user"',
        });
        continue;
      }
      const route = z
        .strictObject({
          displayName: z
            .string({ error: DISPLAY_NAME_FORM })
            .max(100, { error: DISPLAY_NAME_FORM })
            .refine((s) => s.trim() !== "", { error: DISPLAY_NAME_FORM }),
          flowRequestUrl: flowRequestUrlSource(key),
          /** "entra": the relay sends a managed-identity token; the flow URL has no sig (docs/flow.md). */
          auth: z.enum(["sig", "entra"], { error: '"sig" (the default) or "entra"' }).optional(),
        })
        .safeParse(value, { reportInput: true });
      if (!route.success) {
        for (const issue of route.error.issues)
          ctx.addIssue({ ...(issue as object), path: [key, ...issue.path] } as never);
        continue;
      }
      out[key] = route.data;
      const folded = route.data.displayName.trim().toLowerCase();
      const other = byName.get(folded);
      if (other !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [key, "displayName"],
          input: route.data.displayName,
          message: `a display name of its own: route "${other}" already has it, and Directory Manager tells routes apart by name`,
        });
      } else byName.set(folded, key);
    }
    if (Object.keys(raw).length === 0)
      ctx.addIssue({
        code: "custom",
        input: raw,
        message:
          'at least one workflow route, e.g. {"create-user": {"displayName": "Create User", "flowRequestUrl": {"source": "variable"}}}',
      });
    return out;
  });

/** A list whose entries are each given once (case-insensitively): a repeat is a mistake, never a setting. */
export const distinct = <T extends z.ZodType<string>>(item: T, what: string) =>
  z.array(item).superRefine((entries, ctx) => {
    const folded = entries.map((e) => e.toLowerCase());
    folded.forEach((entry, i) => {
      if (folded.indexOf(entry) < i)
        ctx.addIssue({
          code: "custom",
          path: [i],
          input: entries[i],
          message: `each ${what} once (it is already listed)`,
        });
    });
  });

const scopesOf = (api: ResourceApiName) =>
  distinct(
    z.enum(RESOURCE_APIS[api].scopes as unknown as [string, ...string[]], {
      error: `one of the ${api} scopes: ${RESOURCE_APIS[api].scopes.join(", ")}`,
    }),
    "scope",
  );

/** Delegated scopes per resource API. */
export const delegatedPermissions = z.strictObject(
  Object.fromEntries((Object.keys(RESOURCE_APIS) as ResourceApiName[]).map((api) => [api, scopesOf(api).optional()])),
);

/** Longest tag name every tagged resource takes (storage accounts: 128; others 512). */
export const MAX_TAG_NAME_LENGTH = 128;
const TAG_NAME_FORM = `a tag name of 1-${MAX_TAG_NAME_LENGTH} characters (the storage accounts' limit) without < > % & \\ ? or /`;

/** Tags on every resource that takes tags (the count and case rules are in config-rules.ts). */
export const tags = z.record(
  z
    .string()
    .min(1, { error: TAG_NAME_FORM })
    .max(MAX_TAG_NAME_LENGTH, { error: TAG_NAME_FORM })
    .regex(/^[^<>%&\\?/]*$/, { error: TAG_NAME_FORM }),
  z
    .string({ error: "a tag value: a string of at most 256 characters" })
    .max(256, { error: "a tag value of at most 256 characters" }),
  { error: 'an object of tag names and values, e.g. {"owner": "identity-team"}' },
);
