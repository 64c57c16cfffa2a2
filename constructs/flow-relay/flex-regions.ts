/**
 * Regions that host the Flex Consumption plan, kept offline so a relay in a region without it fails
 * at synth instead of at apply. Azure's own answer is `az functionapp list-flexconsumption-locations`
 * (a live query); this is the list Microsoft's Flex Consumption quickstart template allows for its
 * `location`, recorded with its source in test/fixtures/azure-regions/flex-consumption-regions.md
 * (a test keeps the two equal), without its canary region (eastus2euap). A region added since is
 * refused until the list is updated.
 */
export const FLEX_CONSUMPTION_REGIONS_SOURCE = {
  repository: "Azure-Samples/functions-quickstart-javascript-azd",
  path: "infra/main.bicep",
  commit: "2ba07952cd085051270d0db5fe7784ca927088b1",
  liveQuery: "az functionapp list-flexconsumption-locations",
} as const;

export const FLEX_CONSUMPTION_REGIONS: readonly string[] = [
  "australiaeast",
  "australiasoutheast",
  "brazilsouth",
  "canadacentral",
  "centralindia",
  "centralus",
  "eastasia",
  "eastus",
  "eastus2",
  "francecentral",
  "germanywestcentral",
  "italynorth",
  "japaneast",
  "koreacentral",
  "northcentralus",
  "northeurope",
  "norwayeast",
  "southafricanorth",
  "southcentralus",
  "southeastasia",
  "southindia",
  "spaincentral",
  "swedencentral",
  "uaenorth",
  "uksouth",
  "ukwest",
  "westcentralus",
  "westeurope",
  "westus",
  "westus2",
  "westus3",
];

/** What a location outside the list is told. */
export const FLEX_REGION_EXPECTED =
  "a region with the Flex Consumption plan (the relay's hosting), one of the regions listed in docs/hosting.md#regions";
