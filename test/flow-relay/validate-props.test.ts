import type { FlowRelayProps } from "../../constructs/flow-relay";
import { TerraformVariable } from "../../constructs/providers/cdktf";
import { appSettings, build, site } from "./build";

describe("FlowRelay: bad props", () => {
  const dm = { directoryManagerUrl: "https://dm.example.com", identityStoreId: 2 };
  test.each<[string, Partial<FlowRelayProps>, RegExp]>([
    ["memory", { instanceMemoryInMb: 1024 }, /instanceMemoryInMb must be one of 512, 2048, 4096, but 1024 was given/],
    [
      "instances low",
      { maximumInstanceCount: 39 },
      /maximumInstanceCount must be a whole number from 40 to 1000, but 39 was given/,
    ],
    [
      "instances high",
      { maximumInstanceCount: 1001 },
      /maximumInstanceCount must be a whole number from 40 to 1000, but 1001 was given/,
    ],
    ["node", { nodeVersion: "20" }, /nodeVersion must be one of "22", "24" .* but "20" was given/],
    ["retention", { logRetentionDays: 7 }, /logRetentionDays must be a whole number from 30 to 730, but 7 was given/],
    [
      "soft delete",
      { blobSoftDeleteRetentionDays: 0 },
      /blobSoftDeleteRetentionDays must be a whole number from 1 to 365, but 0 was given/,
    ],
    ["body", { maxBodyBytes: 100 }, /maxBodyBytes must be a whole number from 1024 to 104857600, but 100 was given/],
    [
      "deadline",
      { forwardDeadlineMs: 300000 },
      /forwardDeadlineMs must be a whole number from 1000 to 220000, but 300000 was given/,
    ],
    ["attempts", { maxAttempts: 0.5 }, /maxAttempts must be a whole number from 1 to 100, but 0.5 was given/],
    ["json depth", { maxJsonDepth: 3 }, /maxJsonDepth must be a whole number from 4 to 256, but 3 was given/],
    [
      "replication",
      { storageReplication: "XRS" as never },
      /storageReplication must be one of "LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS", but "XRS" was given/,
    ],
    ["prefix", { namePrefix: "-bad" }, /namePrefix must be .* but "-bad" was given/],
    [
      "storage name",
      { names: { storageAccount: "Bad_Name" } },
      /names\.storageAccount must be 3-24 lower-case letters and digits, but "Bad_Name" was given/,
    ],
    ["app name", { names: { functionApp: "x-" } }, /names\.functionApp must be 2-60 .* but "x-" was given/],
    [
      "dm url",
      { decisions: { ...dm, directoryManagerUrl: "http://dm.example.com" } },
      /decisions\.directoryManagerUrl must be an https URL .* but "http:\/\/dm\.example\.com" was given/,
    ],
    [
      "credentials source",
      { decisions: { ...dm, credentialsSource: "file" as never } },
      /decisions\.credentialsSource must be one of "variables", "external", but "file" was given/,
    ],
    [
      "rotation",
      { decisions: { ...dm, credentialsRotationDays: 0 } },
      /decisions\.credentialsRotationDays must be a whole number from 1 to 730, but 0 was given/,
    ],
    [
      "identity store zero",
      { decisions: { ...dm, identityStoreId: 0 } },
      /decisions\.identityStoreId must be a whole number from 1 to 2147483647, but 0 was given/,
    ],
    [
      "identity store fraction",
      { decisions: { ...dm, identityStoreId: 2.5 } },
      /decisions\.identityStoreId must be a whole number from 1 to 2147483647, but 2\.5 was given/,
    ],
    [
      "identity store missing",
      { decisions: { directoryManagerUrl: "https://dm.example.com" } as never },
      /decisions\.identityStoreId must be a whole number from 1 to 2147483647, but nothing was given/,
    ],
    [
      "token key version",
      { decisions: { ...dm, tokenKeyVersion: 0 } },
      /decisions\.tokenKeyVersion must be a whole number from 1 to 1000000, but 0 was given/,
    ],
    [
      "decisions key version",
      { decisions: { ...dm, decisionsKeyVersion: 1.5 } },
      /decisions\.decisionsKeyVersion must be a whole number from 1 to 1000000, but 1\.5 was given/,
    ],
    [
      "ingress ip",
      { ingressAllowedIpRanges: ["300.1.1.1"] },
      /ingressAllowedIpRanges\[0\] must be an IPv4 address or CIDR range, but "300\.1\.1\.1" was given/,
    ],
    [
      "ingress tag",
      { ingressAllowedIpRanges: ["203.0.113.1", "AzureCloud"] },
      /ingressAllowedIpRanges\[1\] must be an IPv4 address or CIDR range, but "AzureCloud" was given/,
    ],
    [
      "decisions source",
      { decisions: dm, ingressAllowedIpRanges: ["203.0.113.1"], decisionsAllowedSources: ["not a tag!"] },
      /decisionsAllowedSources\[0\] must be an IPv4 address, a CIDR range or a service tag, but "not a tag!" was given/,
    ],
    [
      "decisions list alone",
      { decisionsAllowedSources: ["PowerPlatformInfra"] },
      /decisionsAllowedSources must be left out when decisions is not set, but \["PowerPlatformInfra"\] was given/,
    ],
    [
      "one-sided list",
      { decisions: dm, ingressAllowedIpRanges: ["203.0.113.1"] },
      /decisionsAllowedSources must be set with ingressAllowedIpRanges .* block Power Automate/,
    ],
    [
      "empty list",
      { ingressAllowedIpRanges: [] },
      /ingressAllowedIpRanges must be a list of at least one address when set, but \[\] was given/,
    ],
    [
      "department url",
      { departments: { Sales: { siteUrl: "ftp://x" } } },
      /departments\["Sales"\]\.siteUrl must be an https URL .* but "ftp:\/\/x" was given/,
    ],
    [
      "department group",
      { departments: { Sales: { siteUrl: "https://c.sharepoint.com/sites/s", groupObjectId: "nope" } } },
      /departments\["Sales"\]\.groupObjectId must be an object id \(GUID\), but "nope" was given/,
    ],
    ["deployer", { deployerObjectId: "me" }, /deployerObjectId must be an object id \(GUID\), but "me" was given/],
  ])("%s", (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test("route keys and an empty route table", () => {
    expect(() => build({}, ["Create_User"])).toThrow(
      /routes keys must be lower-case words joined by hyphens .* but "Create_User" was given/,
    );
    expect(() => build({}, [])).toThrow(/routes must be an object with at least one route, but \{\} was given/);
  });

  test("messages name the construct path", () => {
    expect(() => build({ maxAttempts: 0 })).toThrow(/^relay-test\/relay: /);
  });

  test("values known only at apply pass the checks and reach the resources as references", () => {
    const { json } = build((stack) => {
      const variable = (name: string) => new TerraformVariable(stack, name, { type: "string" });
      return {
        maximumInstanceCount: new TerraformVariable(stack, "instances", { type: "number" }).numberValue,
        maxAttempts: new TerraformVariable(stack, "attempts", { type: "number" }).numberValue,
        deployerObjectId: variable("deployer").stringValue,
        ingressAllowedIpRanges: [variable("dm_ip").stringValue],
      };
    });
    const [, app] = site(json);
    expect(app.body.properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount).toBe("${var.instances}");
    expect(appSettings(app).RELAY_MAX_ATTEMPTS).toBe("${var.attempts}");
    expect(app.body.properties.siteConfig.ipSecurityRestrictions[0].ipAddress).toBe("${var.dm_ip}/32");
  });

  test("a value the construct computes with at synth must be known at synth, and the message says why", () => {
    expect(() =>
      build((stack) => ({ namePrefix: new TerraformVariable(stack, "prefix", { type: "string" }).stringValue })),
    ).toThrow(
      /namePrefix must be known at synth \(the derived names are cut to Azure's lengths\), but an unresolved token was given/,
    );
    expect(() =>
      build((stack) => ({ logRetentionDays: new TerraformVariable(stack, "days", { type: "number" }).numberValue })),
    ).toThrow(
      /logRetentionDays must be a whole number from 30 to 730, known at synth \(queue logs keep at most 365 days of it\), but an unresolved token was given/,
    );
  });
});
