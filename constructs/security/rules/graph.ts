/**
 * The dependency graph of a synthesized stack, as the deploy rules read it: an element depends on
 * the addresses in its `depends_on` and on every resource or data source its expressions refer to.
 */
import type { RuleContext, SynthesizedElement } from "../rule";

const REFERENCE = /\b(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.[a-z]/g;

/** The `${...}` expressions in a string, nested braces included. */
function expressionsIn(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf("${"); start >= 0; start = text.indexOf("${", start + 1)) {
    let depth = 0;
    for (let i = start + 1; i < text.length; i++) {
      if (text[i] === "{") depth++;
      else if (text[i] === "}" && --depth === 0) {
        found.push(text.slice(start, i + 1));
        start = i;
        break;
      }
    }
  }
  return found;
}

/** Addresses ("type.name", "data.type.name") that expressions in `value` refer to. */
export function referencedAddresses(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === "string") {
      for (const expression of expressionsIn(v)) {
        for (const m of expression.matchAll(REFERENCE))
          if (m[2] !== "var" && m[2] !== "local") found.add(`${m[1] ?? ""}${m[2]}.${m[3]}`);
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.entries(v).forEach(([k, x]) => k !== "depends_on" && walk(x));
  };
  walk(value);
  return [...found];
}

/** What an element depends on directly: its `depends_on` and its references. */
export function directDependencies(element: SynthesizedElement): string[] {
  const explicit = Array.isArray(element.config.depends_on) ? (element.config.depends_on as string[]) : [];
  return [...new Set([...explicit, ...referencedAddresses(element.config)])];
}

/**
 * Every address `from` depends on, directly or through others. `through` decides which elements
 * the walk may pass (e.g. not through a time_sleep); an element it refuses is still reached.
 */
export function dependencyClosure(
  from: SynthesizedElement,
  context: RuleContext,
  through: (e: SynthesizedElement) => boolean = () => true,
): Set<string> {
  const reached = new Set<string>();
  const queue = directDependencies(from);
  while (queue.length > 0) {
    const address = queue.shift()!;
    if (reached.has(address)) continue;
    reached.add(address);
    const next = context.find(address);
    if (next && through(next)) queue.push(...directDependencies(next));
  }
  return reached;
}
