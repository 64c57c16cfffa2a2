import { UNIQUE_SUFFIX_LENGTH } from "./unique-suffix";

/** How long Azure lets one kind of name be, and whether it takes only lower-case letters and digits. */
export interface NameRule {
  readonly max: number;
  readonly lowerAlphanumeric?: boolean;
}

/** The rules of the names the package derives (Azure's naming rules for each resource type). */
export const NAME_RULES = {
  /** 3-24 letters, digits and single hyphens, starting with a letter; unique in all of Azure. */
  keyVault: { max: 24 },
  /** 3-24 lower-case letters and digits; unique in all of Azure. */
  storageAccount: { max: 24, lowerAlphanumeric: true },
  /**
   * 2-60 letters, digits and hyphens; unique in all of Azure (its host name). Kept to 32, because
   * the Functions host id is the name's first 32 characters and two ids alike share host state.
   */
  functionApp: { max: 32 },
  servicePlan: { max: 60 },
  identity: { max: 128 },
  applicationInsights: { max: 255 },
  logAnalyticsWorkspace: { max: 63 },
  /** 2-64 letters, digits, hyphens, dots and underscores; unique in its resource group. */
  virtualNetwork: { max: 64 },
  /** 2-64 characters; unique in its resource group. */
  privateEndpoint: { max: 64 },
} as const satisfies Record<string, NameRule>;

/**
 * `<prefix>-<kind>-<suffix>`, or `<prefix><kind><suffix>` in lower-case letters and digits, with
 * the prefix cut so the name fits `rule.max`. The suffix (uniqueSuffix) may be a token: its
 * length is counted as UNIQUE_SUFFIX_LENGTH. It comes from the construct path, so two prefixes
 * cut to the same start still give two names.
 */
export function derivedName(rule: NameRule, prefix: string, kind: string, suffix: string): string {
  if (rule.lowerAlphanumeric) {
    const room = rule.max - kind.length - UNIQUE_SUFFIX_LENGTH;
    return `${prefix
      .replace(/[^a-zA-Z0-9]/g, "")
      .toLowerCase()
      .slice(0, room)}${kind}${suffix}`;
  }
  const room = rule.max - kind.length - UNIQUE_SUFFIX_LENGTH - 2;
  return `${prefix.slice(0, room).replace(/-+$/, "")}-${kind}-${suffix}`;
}
