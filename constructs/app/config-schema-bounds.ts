import { z } from "zod";
import { SETTING_BOUNDS } from "../settings-bounds";
import type { Limit } from "../../contract/relay-limits";

// Shared field forms of the config schema's sections (config-schema.ts composes them).

/** A whole number within a setting's bounds (RELAY_LIMITS, SETTING_BOUNDS), said with its unit and why the bounds are so. */
export const bounded = (limit: Limit, { unit = limit.unit, note }: { unit?: string; note?: string } = {}) => {
  const expected = `a whole number ${unit ? `of ${unit} ` : ""}from ${limit.min} to ${limit.max}${note ? ` (${note})` : ""}`;
  return z
    .number({ error: expected })
    .int({ error: expected })
    .min(limit.min, { error: expected })
    .max(limit.max, { error: expected });
};
/** The same, defaulting to the bounds' default. */
export const limited = (limit: Limit, words?: { note?: string }) => bounded(limit, words).prefault(limit.default);

/** A generation number an admin raises to rewrite write-only secrets at the next deploy. */
export const generation = bounded(SETTING_BOUNDS.generation);

/** A written reason for switching a safeguard off. */
export const reason = (note = "") =>
  z
    .string({ error: "a written reason of at least 10 characters" })
    .trim()
    .min(10, { error: `a written reason of at least 10 characters${note}` });
