import { compliant, nonCompliant, notApplicable, type SecurityRule, unknown } from "../rule";
import { isUnresolved, knownOnlyAtPlan, quoted } from "./checks";

export const TAGS_RULES: readonly SecurityRule[] = [
  {
    id: "DMF-TAGS",
    mirrors: [],
    description:
      "Every resource whose type takes a key/value `tags` map carries the configured tags (or at least one tag when none are configured).",
    severity: "error",
    fix: "Pass the stack's tags to the resource (the constructs of this package take a tags prop).",
    types: "*",
    check: (e, context) => {
      // Entra ID objects take a set of plain strings, not the key/value tags this rule is about.
      const takesTags = e.takesTags ?? e.config.tags !== undefined;
      if (!takesTags || e.type.startsWith("azuread_")) return notApplicable();
      const tags = e.config.tags;
      if (isUnresolved(tags)) return knownOnlyAtPlan("tags", tags);
      if (!tags || typeof tags !== "object" || Array.isArray(tags) || Object.keys(tags).length === 0) {
        return nonCompliant("it has no tags");
      }
      const required = context.options.requiredTags;
      if (!required) return compliant();
      const actual = tags as Record<string, unknown>;
      const missing = Object.keys(required).filter((key) => !(key in actual));
      const wrong = Object.entries(required).filter(
        ([key, value]) => key in actual && value !== undefined && !isUnresolved(actual[key]) && actual[key] !== value,
      );
      const unsure = Object.entries(required).filter(
        ([key, value]) => key in actual && value !== undefined && isUnresolved(actual[key]),
      );
      if (missing.length > 0 || wrong.length > 0) {
        const parts = [
          ...(missing.length > 0 ? [`it lacks the tag(s) ${missing.map(quoted).join(", ")}`] : []),
          ...wrong.map(([key, value]) => `tag "${key}" is ${quoted(actual[key])}, expected ${quoted(value)}`),
        ];
        return nonCompliant(parts.join("; "));
      }
      if (unsure.length > 0)
        return unknown(`tag(s) ${unsure.map(([k]) => quoted(k)).join(", ")} are known only at plan`);
      return compliant();
    },
  },
];
