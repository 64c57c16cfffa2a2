/**
 * Azure public-cloud regions a stack may be deployed to (config `location`), kept offline so a
 * misspelt region fails at synth instead of at apply. The azurerm provider (4.55) has no list of
 * its own: it checks `location` against the subscription's regions at plan time. So this is
 * Microsoft's documented list, recorded with its source in
 * test/fixtures/azure-regions/regions-list.md (a test keeps the two equal). Only the public cloud:
 * the stack's azurerm provider targets it.
 */
export const AZURE_REGIONS_SOURCE = {
  page: "https://learn.microsoft.com/azure/reliability/regions-list",
  repository: "MicrosoftDocs/reliability-docs",
  path: "articles/reliability/regions-list.md",
  commit: "01021ab80d1aebd1d8b5de481d80a9855b487954",
  published: "2025-09-23",
  read: "2026-12-01",
} as const;

export const AZURE_REGIONS: readonly string[] = [
  "australiacentral",
  "australiacentral2",
  "australiaeast",
  "australiasoutheast",
  "austriaeast",
  "belgiumcentral",
  "brazilsouth",
  "brazilsoutheast",
  "canadacentral",
  "canadaeast",
  "centralindia",
  "centralus",
  "chilecentral",
  "denmarkeast",
  "eastasia",
  "eastus",
  "eastus2",
  "francecentral",
  "francesouth",
  "germanynorth",
  "germanywestcentral",
  "indonesiacentral",
  "israelcentral",
  "italynorth",
  "japaneast",
  "japanwest",
  "koreacentral",
  "koreasouth",
  "malaysiawest",
  "mexicocentral",
  "newzealandnorth",
  "northcentralus",
  "northeurope",
  "norwayeast",
  "norwaywest",
  "polandcentral",
  "qatarcentral",
  "southafricanorth",
  "southafricawest",
  "southcentralus",
  "southindia",
  "southeastasia",
  "spaincentral",
  "swedencentral",
  "switzerlandnorth",
  "switzerlandwest",
  "uaecentral",
  "uaenorth",
  "uksouth",
  "ukwest",
  "westcentralus",
  "westeurope",
  "westindia",
  "westus",
  "westus2",
  "westus3",
];

/** The listed regions closest in spelling to `value` (for "did you mean"), at most three. */
export function nearestRegions(value: string): string[] {
  const key = value.toLowerCase().replace(/[^a-z0-9]/g, "");
  const letters = (s: string) => [...s].sort().join("");
  // Words in the wrong order ("europewest") count as one edit.
  return AZURE_REGIONS.map((region) => ({
    region,
    d: letters(region) === letters(key) ? Math.min(1, editDistance(key, region)) : editDistance(key, region),
  }))
    .filter(({ d }) => d <= 3)
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ region }) => region);
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}
