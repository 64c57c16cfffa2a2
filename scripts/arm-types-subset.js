#!/usr/bin/env node
// Cuts the small part of Azure's published ARM type definitions (the Bicep types the azapi
// provider embeds and validates against) that the package's azapi request bodies use, so a test
// can check those bodies offline. Usage:
//   node scripts/arm-types-subset.js <types.json> <out.json> '<source JSON: repository, tag, commit, path>'
// Every property name of an expanded object is kept (a misspelt name fails, a correct one the
// package does not use yet passes); objects the bodies do not enter are kept by name only.
const { readFileSync, writeFileSync } = require("node:fs");

const RESOURCE_TYPES = ["Microsoft.Web/sites", "Microsoft.Web/sites/basicPublishingCredentialsPolicies", "Microsoft.Web/sites/extensions"];
/** Object types whose properties the bodies set, so they are kept in full. */
const EXPANDED = new Set([
  "Microsoft.Web/sites",
  "Microsoft.Web/sites/basicPublishingCredentialsPolicies",
  "Microsoft.Web/sites/extensions",
  "SiteProperties",
  "SiteConfig",
  "NameValuePair",
  "IpSecurityRestriction",
  "FunctionAppConfig",
  "FunctionsDeployment",
  "FunctionsDeploymentStorage",
  "FunctionsDeploymentStorageAuthentication",
  "FunctionsRuntime",
  "FunctionsScaleAndConcurrency",
  "CsmPublishingCredentialsPoliciesEntityProperties",
  "ResourceTags",
]);
const FLAGS = [
  [1, "Required"],
  [2, "ReadOnly"],
  [4, "WriteOnly"],
  [8, "DeployTimeConstant"],
];

function subset(types, source) {
  const at = (ref) => types[Number(ref.$ref.slice(2))];
  const out = { source, resources: {}, types: {} };

  function describe(type) {
    switch (type.$type) {
      case "StringType":
        return pick({ type: "string" }, type, ["pattern", "minLength", "maxLength"]);
      case "IntegerType":
        return pick({ type: "integer" }, type, ["minValue", "maxValue"]);
      case "BooleanType":
        return { type: "boolean" };
      case "AnyType":
        return { type: "any" };
      case "StringLiteralType":
        return { enum: [type.value] };
      case "UnionType": {
        const members = type.elements.map(at);
        const literals = members.filter((m) => m.$type === "StringLiteralType").map((m) => m.value);
        // A union with a plain string is an open enum: the literals are only the known values.
        return members.some((m) => m.$type === "StringType") ? { type: "string", known: literals } : { enum: literals };
      }
      case "ArrayType":
        return { type: "array", items: describe(at(type.itemType)) };
      case "ObjectType":
        if (!EXPANDED.has(type.name)) return { type: "object", unexpanded: type.name };
        return { $ref: addObject(type) };
      case "DiscriminatedObjectType":
        return {
          discriminator: type.discriminator,
          elements: Object.fromEntries(Object.entries(type.elements).map(([key, ref]) => [key, { $ref: addObject(at(ref), key) }])),
        };
      default:
        throw new Error(`unknown Bicep type kind ${type.$type}`);
    }
  }

  function addObject(type, variant) {
    const name = variant ? `${type.name}#${variant}` : type.name;
    if (out.types[name]) return name;
    out.types[name] = {}; // placeholder against cycles
    const properties = Object.fromEntries(
      Object.entries(type.properties ?? {}).map(([key, property]) => {
        const flags = FLAGS.filter(([bit]) => property.flags & bit).map(([, label]) => label);
        return [key, { ...describe(at(property.type)), ...(flags.length > 0 ? { flags } : {}) }];
      }),
    );
    out.types[name] = { properties, ...(type.additionalProperties ? { additionalProperties: describe(at(type.additionalProperties)) } : {}) };
    return name;
  }

  for (const resource of types.filter((t) => t.$type === "ResourceType")) {
    const [name] = resource.name.split("@");
    if (RESOURCE_TYPES.includes(name)) out.resources[resource.name] = describe(at(resource.body));
  }
  return out;
}

function pick(base, from, keys) {
  for (const key of keys) if (from[key] !== undefined) base[key] = from[key];
  return base;
}

if (require.main === module) {
  const [input, output, source] = process.argv.slice(2);
  if (!input || !output || !source) {
    console.error("usage: node scripts/arm-types-subset.js <types.json> <out.json> '<source JSON>'");
    process.exit(2);
  }
  const result = subset(JSON.parse(readFileSync(input, "utf8")), JSON.parse(source));
  writeFileSync(output, `${JSON.stringify(result, null, 1)}\n`);
  console.log(`${output}: ${Object.keys(result.resources).length} resource types, ${Object.keys(result.types).length} object types`);
}

module.exports = { subset };
