import {
  PUBLISHING_POLICY_TYPE,
  SITE_TYPE,
  WEB_API_VERSION,
  basicPublishingOffBody,
  flexSiteBody,
  type FlexSiteBodyInput,
} from "../../constructs/flow-relay/flex-site-body";
import { armBodyProblems, loadArmTypes } from "../support/arm-types";

const types = loadArmTypes(`microsoft.web-${WEB_API_VERSION}.json`, "onedeploy-request.json");
const input: FlexSiteBodyInput = {
  servicePlanId: "${azurerm_service_plan.plan.id}",
  deploymentContainerUrl: "${azurerm_storage_account.storage.primary_blob_endpoint}relay-deployment",
  identityId: "${azurerm_user_assigned_identity.identity.id}",
  nodeVersion: "22",
  instanceMemoryMb: 2048,
  maximumInstanceCount: 100,
  appSettings: { AzureWebJobsStorage__accountName: "${azurerm_storage_account.storage.name}", RELAY_MAX_ATTEMPTS: "8" },
};
const properties = (body: Record<string, any>) => body.properties as Record<string, any>;

describe("the relay's ARM request bodies fit the published types", () => {
  test("the type subset is Azure's, from the azapi release the binding pins", () => {
    expect(types.source[`microsoft.web-${WEB_API_VERSION}.json`]).toMatchObject({
      repository: "Azure/terraform-provider-azapi",
      tag: "v2.12.0",
    });
  });

  test.each([
    ["no network options", input],
    [
      "inbound rules and a subnet",
      {
        ...input,
        inboundRules: [
          { name: "dm-1", description: "d", ipRange: "203.0.113.0/24" },
          { name: "pa-2", description: "p", serviceTag: "PowerPlatformInfra" },
        ],
        virtualNetworkSubnetId: "${azurerm_subnet.relay.id}",
      },
    ],
  ])("the site, %s", (_, given) => {
    expect(armBodyProblems(types, SITE_TYPE, flexSiteBody(given))).toEqual([]);
  });

  test.each(["scm", "ftp"])("basic publishing policy %s", (name) => {
    expect(armBodyProblems(types, PUBLISHING_POLICY_TYPE, basicPublishingOffBody(), name)).toEqual([]);
  });
});

describe("the check catches what would fail at apply", () => {
  const site = flexSiteBody(input);
  const problems = (body: Record<string, unknown>) => armBodyProblems(types, SITE_TYPE, body);
  const withProperties = (extra: Record<string, unknown>) => ({
    ...site,
    properties: { ...properties(site), ...extra },
  });

  test("a misspelt property", () => {
    expect(problems(withProperties({ keyVaultReferenceIdentityId: "x" }))).toEqual([
      "body.properties.keyVaultReferenceIdentityId: not a property of SiteProperties",
    ]);
  });

  test("a misspelt nested property, in an array item too", () => {
    const siteConfig = { ...properties(site).siteConfig, appSettings: [{ name: "A", valu: "b" }] };
    expect(problems(withProperties({ siteConfig }))).toEqual([
      "body.properties.siteConfig.appSettings[0].valu: not a property of NameValuePair",
    ]);
  });

  test("a read-only property", () => {
    expect(problems(withProperties({ defaultHostName: "x.azurewebsites.net" }))).toEqual([
      "body.properties.defaultHostName: read-only in SiteProperties",
    ]);
  });

  test("a value outside a closed set, of the wrong type, or not a documented value", () => {
    const siteConfig = { ...properties(site).siteConfig, http20Enabled: "true", minTlsVersion: "1.4" };
    expect(problems(withProperties({ siteConfig, redundancyMode: "Everywhere" }))).toEqual([
      'body.properties.siteConfig.minTlsVersion: "1.4" is none of the documented values 1.0, 1.1, 1.2, 1.3',
      'body.properties.siteConfig.http20Enabled: must be true or false, but "true" was given',
      'body.properties.redundancyMode: must be one of None, Manual, Failover, ActiveActive, GeoRedundant, but "Everywhere" was given',
    ]);
  });

  test("an argument azapi takes outside the body", () => {
    expect(problems({ ...site, location: "westeurope" })).toEqual([
      "body.location: set it as the azapi argument, not in the body",
    ]);
  });

  test("a required property missing, and an unknown variant name", () => {
    expect(
      armBodyProblems(types, `Microsoft.Web/sites/extensions/onedeploy@${WEB_API_VERSION}`, {
        properties: { type: "zip" },
      }),
    ).toEqual(["body.properties.packageUri: required by OneDeployRequestProperties"]);
    expect(armBodyProblems(types, PUBLISHING_POLICY_TYPE, basicPublishingOffBody(), "webdeploy")).toEqual([
      `${PUBLISHING_POLICY_TYPE}: name must be one of ftp, scm, but webdeploy was given`,
    ]);
  });

  test("a Terraform reference passes any scalar type (its value is known at apply)", () => {
    const scale = { maximumInstanceCount: "${var.max}", instanceMemoryMB: 2048 };
    const functionAppConfig = { ...properties(site).functionAppConfig, scaleAndConcurrency: scale };
    expect(problems(withProperties({ functionAppConfig }))).toEqual([]);
  });
});

describe("site body", () => {
  const body = flexSiteBody(input);

  test("Key Vault references and deployment storage use the user-assigned identity", () => {
    expect(properties(body).keyVaultReferenceIdentity).toBe(input.identityId);
    expect(properties(body).functionAppConfig.deployment.storage.authentication).toEqual({
      type: "UserAssignedIdentity",
      userAssignedIdentityResourceId: input.identityId,
    });
  });

  test("app settings become ARM's name/value list, nothing added", () => {
    expect(properties(body).siteConfig.appSettings).toEqual([
      { name: "AzureWebJobsStorage__accountName", value: "${azurerm_storage_account.storage.name}" },
      { name: "RELAY_MAX_ATTEMPTS", value: "8" },
    ]);
  });

  test("no inbound rules: open; rules: deny all others, a service tag the way ARM writes one", () => {
    expect(properties(body).siteConfig).toMatchObject({
      ipSecurityRestrictionsDefaultAction: "Allow",
      scmIpSecurityRestrictionsDefaultAction: "Deny",
    });
    expect(properties(body).siteConfig.ipSecurityRestrictions).toBeUndefined();
    const restricted = flexSiteBody({
      ...input,
      inboundRules: [
        { name: "dm-1", description: "d", ipRange: "203.0.113.0/24" },
        { name: "pa-2", description: "p", serviceTag: "PowerPlatformInfra" },
      ],
    });
    expect(properties(restricted).siteConfig.ipSecurityRestrictionsDefaultAction).toBe("Deny");
    expect(properties(restricted).siteConfig.ipSecurityRestrictions).toEqual([
      { name: "dm-1", description: "d", action: "Allow", priority: 100, ipAddress: "203.0.113.0/24", tag: "Default" },
      {
        name: "pa-2",
        description: "p",
        action: "Allow",
        priority: 101,
        ipAddress: "PowerPlatformInfra",
        tag: "ServiceTag",
      },
    ]);
  });

  test("VNet integration only when a subnet is given", () => {
    expect(properties(body).virtualNetworkSubnetId).toBeUndefined();
    expect(properties(flexSiteBody({ ...input, virtualNetworkSubnetId: "sub" })).virtualNetworkSubnetId).toBe("sub");
  });
});
