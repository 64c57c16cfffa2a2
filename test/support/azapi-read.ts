/**
 * What a second `terraform plan` sees for an `azapi_resource` (or `azapi_update_resource`): azapi
 * 2.12.0's read, written down from its source (Azure/terraform-provider-azapi at v2.12.0, commit
 * 52241c97e85e231e81ad57895080f38138236ad2: `internal/services/azapi_resource.go`, function Read,
 * and `utils/json.go`, function UpdateObject). This file is a re-statement in prose and a small
 * re-implementation for tests, not the provider's code.
 *
 * Read GETs the resource and rebuilds the state's `body` from two documents: the body in state
 * (after the first apply, the configured body) and the GET response. The result keeps the shape of
 * the state's body and takes the values of the response:
 * - Objects: every key of the state's body is kept; a key the response has (not null) is merged
 *   again one level down; a key the response lacks or sends as null keeps the state's value when
 *   `ignore_missing_property` is true (the default) or when that value is a zero value, and is
 *   dropped otherwise. Keys only the response has are not added.
 * - Lists: when either list is empty, or the lengths differ and the items carry no `name`, the
 *   response's list is taken as it is. Same length and no `name`: merged item by item. Items with a
 *   `name` (the default `list_unique_id_property`): each state item is merged with the response item
 *   equal to it, else with the response item of the same name; response items left over are
 *   appended.
 * - Strings: the response's value wins, except that with `ignore_casing` (default **false**) a value
 *   equal but for case keeps the state's spelling, and with `ignore_missing_property` a response
 *   value of "", only asterisks, or "<redacted>" keeps the state's value (a secret ARM does not echo).
 * - Anything else: the response's value.
 * The plan then compares the configured body with that state body, exactly: any difference is an
 * update on every plan.
 */
export interface AzapiReadOptions {
  /** @default false (azapi 2.12's default) */
  readonly ignoreCasing?: boolean;
  /** @default true (azapi 2.12's default) */
  readonly ignoreMissingProperty?: boolean;
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const isZero = (v: Json) =>
  v === null ||
  v === false ||
  v === 0 ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (isObject(v) && Object.keys(v).length === 0);
const nameOf = (v: Json) => (isObject(v) && typeof v.name === "string" ? v.name : "");
const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

/** The state's body after a read: `state` (the body in state) updated from `response` (the GET). */
export function azapiReadBack(state: Json, response: Json, options: AzapiReadOptions = {}): Json {
  const ignoreCasing = options.ignoreCasing ?? false;
  const ignoreMissing = options.ignoreMissingProperty ?? true;
  const update = (old: Json, next: Json): Json => {
    if (same(old, next)) return old;
    if (isObject(old) && isObject(next)) {
      const result: Record<string, Json> = {};
      for (const [key, value] of Object.entries(old)) {
        if (next[key] !== undefined && next[key] !== null) result[key] = update(value, next[key]);
        else if (ignoreMissing || isZero(value)) result[key] = value;
      }
      return result;
    }
    if (Array.isArray(old) && Array.isArray(next)) {
      if (old.length === 0 || next.length === 0) return next;
      const named = nameOf(old[0]) !== "" && nameOf(next[0]) !== "";
      if (!named) return old.length === next.length ? old.map((item, i) => update(item, next[i])) : next;
      const used = new Set<number>();
      const result: Json[] = [];
      for (const item of old) {
        let index = next.findIndex((candidate, i) => !used.has(i) && same(item, candidate));
        if (index < 0) index = next.findIndex((candidate, i) => !used.has(i) && nameOf(candidate) === nameOf(item));
        if (index < 0) continue;
        used.add(index);
        result.push(update(item, next[index]));
      }
      next.forEach((item, i) => {
        if (!used.has(i)) result.push(item);
      });
      return result;
    }
    if (typeof old === "string" && typeof next === "string") {
      if (ignoreCasing && old.toLowerCase() === next.toLowerCase()) return old;
      if (ignoreMissing && (next === "" || /^\*+$/.test(next) || next === "<redacted>")) return old;
    }
    return next;
  };
  return update(state, response);
}

/** Paths (a.b.c) where `a` and `b` differ; [] when equal. */
export function bodyDiff(a: Json, b: Json, path = ""): string[] {
  if (same(a, b)) return [];
  if (isObject(a) && isObject(b))
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) =>
      bodyDiff(a[k], b[k], path ? `${path}.${k}` : k),
    );
  return [path || "(root)"];
}
