import { TerraformVariable } from "../../constructs/providers/cdktf";
import type { FlowEnvironmentProps } from "../../constructs/flow-environment";
import { onlyOfType } from "../support/synth";
import { build } from "./build";

const SITE = "https://contoso.sharepoint.com/sites/a";

describe("FlowEnvironment: bad props", () => {
  test.each<[string, Partial<FlowEnvironmentProps>, RegExp]>([
    [
      "org code",
      { orgCode: "-contoso" },
      /orgCode must be an organization code: 1-63 letters.*, but "-contoso" was given$/,
    ],
    ["region", { region: "mars" }, /region must be a Dataverse region subdomain \(crm, crm2.*, but "mars" was given$/],
    [
      "region missing",
      { region: undefined },
      /region must be given \(a Dataverse region subdomain such as crm4\) unless orgCode is the environment URL .*, but nothing was given$/,
    ],
    [
      "region against the URL",
      { orgCode: "https://contoso.crm4.dynamics.com", region: "crm11" },
      /region must be the region of orgCode's URL \("crm4"\), or left out, but "crm11" was given$/,
    ],
    [
      "URL with an unknown region",
      { orgCode: "https://contoso.crm99.dynamics.com", region: undefined },
      /orgCode must be an environment URL with a known region subdomain.*, but "https:\/\/contoso\.crm99\.dynamics\.com" was given$/,
    ],
    [
      "server",
      { directoryManagerServer: "http://dm.contoso.com" },
      /directoryManagerServer must be a host name .*http is not accepted, but "http:\/\/dm\.contoso\.com" was given$/,
    ],
    [
      "identity store",
      { identityStoreId: -1 },
      /identityStoreId must be a positive whole number .*, but -1 was given$/,
    ],
    [
      "client id",
      { clientId: "not-a-guid" },
      /clientId must be a GUID like 00000000-0000-0000-0000-000000000000, but "not-a-guid" was given$/,
    ],
    [
      "tenant id",
      { tenantId: "contoso.onmicrosoft.com" },
      /tenantId must be a GUID .*, but "contoso\.onmicrosoft\.com" was given$/,
    ],
    ["cloud", { cloud: "china" as never }, /cloud must be one of "public", "usgovernment", but "china" was given$/],
    [
      "lifetime",
      { flowUrlSecretLifetimeDays: 30 },
      /flowUrlSecretLifetimeDays must be a whole number from 31 to 730, but 30 was given$/,
    ],
    [
      "no routes",
      { routes: {} },
      /routes must be an object with at least one workflow route, e\.g\. "create-user", but \{\} was given$/,
    ],
    [
      "route key",
      { routes: { CreateUser: { displayName: "Create User", flowRequestUrl: { source: "variable" } } } },
      /routes keys must be lower-case words joined by hyphens.*, but "CreateUser" was given$/,
    ],
    [
      "long route key",
      { routes: { ["a".repeat(41)]: { displayName: "A", flowRequestUrl: { source: "variable" } } } },
      /routes keys must be at most 40 characters, but "a{41}" was given$/,
    ],
    [
      "blank display name",
      { routes: { "create-user": { displayName: " ", flowRequestUrl: { source: "variable" } } } },
      /routes\["create-user"\]\.displayName must be the route's name in Directory Manager, 1-100 characters, but " " was given$/,
    ],
    [
      "unknown URL source",
      { routes: { "create-user": { displayName: "Create User", flowRequestUrl: { source: "vault" } as never } } },
      /routes\["create-user"\]\.flowRequestUrl must be \{ source: "variable" \}.*, but \{"source":"vault"\} was given$/,
    ],
    [
      "department name",
      { departments: { 'Sales "EMEA"': { siteUrl: SITE } } },
      /departments keys must be a department name of 1-64 characters.*, but "Sales \\"EMEA\\"" was given$/,
    ],
    [
      "departments by case",
      { departments: { sales: { siteUrl: SITE }, Sales: { siteUrl: SITE } } },
      /departments keys must be names that differ by more than case, but "Sales" next to "sales" was given$/,
    ],
    [
      "site URL",
      { departments: { Sales: { siteUrl: "https://contoso.example.com/sites/a" } } },
      /departments\["Sales"\]\.siteUrl must be a SharePoint site URL .*, but "https:\/\/contoso\.example\.com\/sites\/a" was given$/,
    ],
    [
      "group id",
      { departments: { Sales: { siteUrl: SITE, groupObjectId: "Sales Team" } } },
      /departments\["Sales"\]\.groupObjectId must be a GUID .*, but "Sales Team" was given$/,
    ],
  ])("%s", (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test("messages start with the construct path", () => {
    expect(() => build({ region: "mars" })).toThrow(/^flow-env\/env: region /);
  });
});

describe("FlowEnvironment: values known only at apply", () => {
  test("ids, the identity store and group ids pass through unchanged, as references", () => {
    const given: Record<string, string | number> = {};
    const { env } = build((stack) => {
      const text = (name: string) =>
        (given[name] = new TerraformVariable(stack, name, { type: "string" }).stringValue) as string;
      given.store = new TerraformVariable(stack, "store", { type: "number" }).numberValue;
      return {
        clientId: text("client_id"),
        tenantId: text("tenant_id"),
        identityStoreId: given.store as number,
        departments: { Sales: { siteUrl: SITE, groupObjectId: text("group") } },
      };
    });
    expect(env.clientId).toBe(given.client_id);
    expect(env.tenantId).toBe(given.tenant_id);
    expect(env.identityStoreId).toBe(given.store);
    expect(env.departments.Sales).toEqual({ siteUrl: SITE, groupObjectId: given.group });
  });

  test("the secret lifetime must be known at synth: it sets the expiry and the rotation", () => {
    expect(() =>
      build((stack) => ({
        flowUrlSecretLifetimeDays: new TerraformVariable(stack, "days", { type: "number" }).numberValue,
      })),
    ).toThrow(
      /flowUrlSecretLifetimeDays must be a whole number from 31 to 730, known at synth \(it sets the secrets' expiry and rotation\), but an unresolved token was given$/,
    );
    const [, rotation] = onlyOfType(build({ flowUrlSecretLifetimeDays: 90 }).json, "time_rotating");
    expect(rotation.rotation_days).toBe(60);
  });
});
