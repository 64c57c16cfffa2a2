/**
 * App Service plan resilience, as Checkov reads it. A Flex Consumption plan (FC1) has neither
 * setting (it scales per execution; zone redundancy is a setting of the Flex app), but Checkov
 * still fails it, so the default stack suppresses both with that reason.
 */
import type { SecurityRule } from "../rule";
import { isUnresolved, knownOnlyAtPlan, verdict } from "./checks";

const PLAN = ["azurerm_service_plan"];

export const SERVICE_PLAN_RULES: readonly SecurityRule[] = [
  {
    id: "DMF-PLAN-ZONE-REDUNDANT",
    mirrors: ["CKV_AZURE_225"],
    description: "App Service plan spreads its instances over availability zones (`zone_balancing_enabled = true`).",
    severity: "error",
    fix: "Set zoneBalancingEnabled: true (with a worker count of at least 2 on a SKU that supports zones), or suppress with the reason.",
    types: PLAN,
    check: (e) => {
      const v = e.config.zone_balancing_enabled;
      if (isUnresolved(v)) return knownOnlyAtPlan("zone_balancing_enabled", v);
      return verdict([
        !(v === true || v === "true") && {
          problem: `zone_balancing_enabled is ${v ?? "not set (default false)"}`,
          reportedBy: ["CKV_AZURE_225"],
        },
      ]);
    },
  },
  {
    id: "DMF-PLAN-WORKER-COUNT",
    mirrors: ["CKV_AZURE_212"],
    description:
      "App Service plan runs more than one instance (`worker_count` > 1), so one failing instance does not stop the apps.",
    severity: "error",
    fix: "Set workerCount: 2 or more, or suppress with the reason (e.g. a consumption plan that scales per execution).",
    types: PLAN,
    check: (e) => {
      const v = e.config.worker_count;
      if (isUnresolved(v)) return knownOnlyAtPlan("worker_count", v);
      return verdict([
        !(typeof v === "number" && v > 1) && {
          problem: `worker_count is ${v ?? "not set"}`,
          reportedBy: ["CKV_AZURE_212"],
        },
      ]);
    },
  },
];
