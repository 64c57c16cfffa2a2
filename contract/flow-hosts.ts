/**
 * Host suffixes of Power Automate HTTP-trigger URLs per cloud (the new host first, then the legacy
 * one). The stack checks flow URLs against them; the relay refuses to call any other host (SSRF).
 */
export const FLOW_HOST_SUFFIXES = {
  public: [".environment.api.powerplatform.com", ".logic.azure.com"],
  usgovernment: [".environment.api.powerplatform.us", ".logic.azure.us"],
} as const;
export type FlowCloud = keyof typeof FLOW_HOST_SUFFIXES;
