import { z } from "zod";
import { normaliseSharePointSiteUrl, validateDepartmentName } from "../flow-environment/normalise";
import { SETTING_DEFAULTS } from "../settings-bounds";
import { guid, normalised } from "./config-fields";

const GROUP_PREFIX_FORM = "a group name prefix of 1-60 characters";

/** Department → SharePoint site, for the relay's enrichment. */
export const departments = z
  .record(
    z.string(),
    z.strictObject({
      siteUrl: normalised(
        "a SharePoint site URL such as https://contoso.sharepoint.com/sites/sales",
        normaliseSharePointSiteUrl,
      ),
      groupObjectId: guid.optional(),
    }),
  )
  .superRefine((departments, ctx) => {
    const seen = new Map<string, string>();
    for (const name of Object.keys(departments)) {
      try {
        validateDepartmentName(name);
      } catch (e) {
        ctx.addIssue({ code: "custom", path: [name], input: name, message: (e as Error).message });
      }
      // The relay matches departments case-insensitively.
      const folded = name.toLowerCase();
      if (seen.has(folded))
        ctx.addIssue({
          code: "custom",
          path: [name],
          input: name,
          message: `a name that differs from "${seen.get(folded)}" by more than case`,
        });
      seen.set(folded, name);
    }
  })
  .prefault({});

/** Create one Entra security group per department with dynamic membership on user.department (Entra ID P1). */
export const departmentGroups = z
  .strictObject({
    create: z.boolean().prefault(false),
    namePrefix: z
      .string({ error: GROUP_PREFIX_FORM })
      .min(1, { error: GROUP_PREFIX_FORM })
      .max(60, { error: GROUP_PREFIX_FORM })
      .prefault(SETTING_DEFAULTS.departmentGroupNamePrefix),
  })
  .prefault({});
