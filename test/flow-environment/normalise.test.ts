import {
  FLOW_HOST_SUFFIXES,
  normaliseDirectoryManagerServer,
  normaliseOrgCode,
  normaliseRegion,
  normaliseSharePointSiteUrl,
  validateFlowRequestUrl,
} from "../../constructs/flow-environment";
import { FormError } from "../../constructs/validation";
import { NEW_URL, OLD_URL } from "./build";

describe("flow settings: normalisation", () => {
  test.each([
    ["contoso", "contoso"],
    ["Contoso-HR", "contoso-hr"],
    ["https://contoso.crm4.dynamics.com", "contoso"],
    ["https://contoso.crm4.dynamics.com/main.aspx?appid=1", "contoso"],
    ["contoso.api.crm4.dynamics.com", "contoso"],
    ["contoso.crm.microsoftdynamics.us", "contoso"],
  ])("org code %s → %s", (given, expected) => expect(normaliseOrgCode(given)).toBe(expected));

  test("a 21Vianet (China) environment URL is refused: the package has no flow hosts for that cloud", () => {
    expect(() => normaliseOrgCode("https://contoso.crm.dynamics.cn")).toThrow(
      new FormError(
        "an environment in the public or US Government cloud: dynamics.cn is the 21Vianet (China) cloud, whose Power Automate this package does not support",
      ),
    );
  });

  test.each([
    ["crm4", "crm4"],
    ["CRM11", "crm11"],
    ["europe", "crm4"],
    ["United-States", "crm"],
    ["unitedkingdom", "crm11"],
    ["australia", "crm6"],
  ])("region %s → %s", (given, expected) => expect(normaliseRegion(given)).toBe(expected));

  test.each([
    ["dm.contoso.com", "https://dm.contoso.com"],
    ["DM.Contoso.com", "https://dm.contoso.com"],
    ["https://dm.contoso.com/", "https://dm.contoso.com"],
    ["https://dm.contoso.com:8443", "https://dm.contoso.com:8443"],
    ["203.0.113.7", "https://203.0.113.7"],
    ["2001:db8::7", "https://[2001:db8::7]"],
    ["[2001:DB8::7]", "https://[2001:db8::7]"],
    ["groupid01", "https://groupid01"],
  ])("Directory Manager server %s → %s", (given, expected) =>
    expect(normaliseDirectoryManagerServer(given)).toBe(expected),
  );

  test("SharePoint site URL loses its trailing slash", () => {
    expect(normaliseSharePointSiteUrl("https://contoso.sharepoint.com/sites/sales/")).toBe(
      "https://contoso.sharepoint.com/sites/sales",
    );
  });

  test.each([NEW_URL, OLD_URL])("a well-formed flow URL passes: %s", (url) =>
    expect(validateFlowRequestUrl(url)).toBe(url),
  );

  test("US Government flow hosts pass only for the usgovernment cloud", () => {
    const gov =
      "https://prod-29.usgovtexas.logic.azure.us:443/workflows/bb/triggers/manual/paths/invoke?api-version=2016-06-01&sig=gM";
    expect(() => validateFlowRequestUrl(gov)).toThrow(/environment\.api\.powerplatform\.com/);
    expect(validateFlowRequestUrl(gov, FLOW_HOST_SUFFIXES.usgovernment)).toBe(gov);
  });

  test("a bad value throws a FormError whose message is the expected form (constructs and config both print it)", () => {
    for (const attempt of [
      () => normaliseOrgCode("-x"),
      () => normaliseRegion("mars"),
      () => normaliseDirectoryManagerServer("http://dm"),
      () => validateFlowRequestUrl("https://x"),
    ]) {
      expect(attempt).toThrow(FormError);
      expect(attempt).toThrow(/^(a|an) /);
    }
  });
});
