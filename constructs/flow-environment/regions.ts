/**
 * Dataverse regional subdomains: Directory Manager's "Region" (the segment before the second
 * period of myorg.crm4.dynamics.com). crm…crm17 are listed by Microsoft's Dynamics 365 maintenance
 * documentation; crm19-crm22 are inferred from public code and marked so.
 */
export const DATAVERSE_REGIONS: Readonly<Record<string, string>> = {
  crm: "North America",
  crm2: "South America",
  crm3: "Canada",
  crm4: "Europe, Middle East and Africa",
  crm5: "Asia Pacific",
  crm6: "Oceania",
  crm7: "Japan",
  crm8: "India",
  crm9: "North America 2 (US Government GCC)",
  crm11: "United Kingdom",
  crm12: "France",
  crm14: "South Africa",
  crm15: "United Arab Emirates",
  crm16: "Germany",
  crm17: "Switzerland",
  crm19: "Norway (inferred)",
  crm20: "Singapore (inferred)",
  crm21: "Korea (inferred)",
  crm22: "Sweden (inferred)",
};

/** Power Platform geo names accepted for the region, with the Dataverse subdomain each maps to. */
export const POWER_PLATFORM_GEOS: Readonly<Record<string, string>> = {
  unitedstates: "crm",
  southamerica: "crm2",
  canada: "crm3",
  europe: "crm4",
  asia: "crm5",
  australia: "crm6",
  japan: "crm7",
  india: "crm8",
  usgov: "crm9",
  unitedkingdom: "crm11",
  france: "crm12",
  southafrica: "crm14",
  unitedarabemirates: "crm15",
  germany: "crm16",
  switzerland: "crm17",
  norway: "crm19",
  singapore: "crm20",
  korea: "crm21",
  sweden: "crm22",
};

/** Dataverse host suffixes after "<org>.<region>"; sovereign clouds use "crm" as the region segment. */
export const DATAVERSE_DOMAINS: readonly string[] = ["dynamics.com", "microsoftdynamics.us", "appsplatform.us"];

/**
 * Dataverse domains of a cloud this package cannot serve: FLOW_HOST_SUFFIXES has no flow hosts
 * for it, so the relay would refuse every flow URL there.
 */
export const UNSUPPORTED_DATAVERSE_DOMAINS: Readonly<Record<string, string>> = {
  "dynamics.cn": "the 21Vianet (China) cloud",
};
