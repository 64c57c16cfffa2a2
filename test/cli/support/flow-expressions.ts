/**
 * Evaluates the workflow-definition expressions the generated flow uses, the way the Logic Apps
 * runtime does for this subset: a string starting with "@" is one expression (its value keeps its
 * type), "@{…}" inside a string is interpolated, "@@" is a literal "@". Functions: triggerBody,
 * triggerOutputs, body, parameters, int, if, equals, coalesce, first, take; accessors ?['name'].
 * Reference: learn.microsoft.com/azure/logic-apps/workflow-definition-language-functions-reference.
 * Anything else throws, so the flow cannot use an expression these tests do not understand.
 */
export interface RunState {
  readonly triggerBody: unknown;
  /** Header names in lower case, as the tests' requests carry them. */
  readonly triggerHeaders: Readonly<Record<string, string>>;
  /** Action outputs by action name (the body of each). */
  readonly bodies: Readonly<Record<string, unknown>>;
  readonly parameters: Readonly<Record<string, unknown>>;
}

type Fn = (args: unknown[], state: RunState) => unknown;
const FUNCTIONS: Record<string, Fn> = {
  triggerBody: (_a, s) => s.triggerBody,
  triggerOutputs: (_a, s) => ({ headers: s.triggerHeaders, body: s.triggerBody }),
  body: ([name], s) => {
    if (!Object.hasOwn(s.bodies, String(name))) throw new Error(`body('${name}'): no such action output`);
    return s.bodies[String(name)];
  },
  parameters: ([name], s) => {
    if (!Object.hasOwn(s.parameters, String(name))) throw new Error(`parameters('${name}'): not declared`);
    return s.parameters[String(name)];
  },
  int: ([v]) => {
    const n = typeof v === "number" ? v : Number.parseInt(String(v), 10);
    if (!Number.isInteger(n)) throw new Error(`int(${JSON.stringify(v)}): not a whole number`);
    return n;
  },
  if: ([c, a, b]) => (c === true ? a : b),
  equals: ([a, b]) => a === b,
  coalesce: (args) => args.find((a) => a !== null && a !== undefined) ?? null,
  first: ([list]) => (Array.isArray(list) ? list[0] : typeof list === "string" ? list[0] : undefined),
  take: ([v, n]) => (typeof v === "string" || Array.isArray(v) ? v.slice(0, Number(n)) : v),
};

/** A tiny recursive-descent parser over one expression. */
function evaluateExpression(text: string, state: RunState): unknown {
  let at = 0;
  const skip = () => {
    while (/\s/.test(text[at] ?? "")) at++;
  };
  const expect = (c: string) => {
    skip();
    if (text[at] !== c) throw new Error(`expected "${c}" at ${at} in ${text}`);
    at++;
  };
  const value = (): unknown => {
    skip();
    let result: unknown;
    if (text[at] === "'") {
      let s = "";
      for (at++; ; at++) {
        if (at >= text.length) throw new Error(`unterminated string in ${text}`);
        if (text[at] === "'" && text[at + 1] === "'") {
          s += "'";
          at++;
        } else if (text[at] === "'") break;
        else s += text[at];
      }
      at++;
      result = s;
    } else if (/[0-9-]/.test(text[at])) {
      const m = /^-?\d+/.exec(text.slice(at)) as RegExpExecArray;
      at += m[0].length;
      result = Number(m[0]);
    } else {
      const m = /^[A-Za-z]+/.exec(text.slice(at));
      if (!m) throw new Error(`unexpected "${text[at]}" at ${at} in ${text}`);
      const fn = FUNCTIONS[m[0]];
      if (!fn) throw new Error(`function ${m[0]}() is outside the evaluated subset`);
      at += m[0].length;
      expect("(");
      const args: unknown[] = [];
      skip();
      if (text[at] !== ")") {
        args.push(value());
        for (skip(); text[at] === ","; skip()) {
          at++;
          args.push(value());
        }
      }
      expect(")");
      result = fn(args, state);
    }
    for (skip(); text.startsWith("?[", at) || text[at] === "["; skip()) {
      at += text[at] === "?" ? 2 : 1;
      const key = value();
      expect("]");
      result = result === null || result === undefined ? undefined : (result as Record<string, unknown>)[String(key)];
    }
    return result;
  };
  const result = value();
  skip();
  if (at !== text.length) throw new Error(`trailing text at ${at} in ${text}`);
  return result;
}

const asText = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));

/** Evaluates a definition value: strings as expressions or templates, objects and arrays member by member. */
export function evaluate(value: unknown, state: RunState): unknown {
  if (Array.isArray(value)) return value.map((v) => evaluate(v, state));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, state)]));
  if (typeof value !== "string") return value;
  if (value.startsWith("@@")) return value.slice(1);
  if (value.startsWith("@") && !value.startsWith("@{")) return evaluateExpression(value.slice(1), state);
  return value.replace(/@\{([^}]*)\}/g, (_m, inner: string) => asText(evaluateExpression(inner, state)));
}

/** Every action name an expression refers to through body('…'), outputs('…') or actions('…'). */
export function referencedActions(value: unknown): string[] {
  const text = JSON.stringify(value);
  return [...text.matchAll(/\b(?:body|outputs|actions)\('((?:[^']|'')*)'\)/g)].map((m) => m[1].replace(/''/g, "'"));
}

/** Every parameter name an expression reads through parameters('…'). */
export function referencedParameters(value: unknown): string[] {
  const text = JSON.stringify(value);
  return [...text.matchAll(/\bparameters\('((?:[^']|'')*)'\)/g)].map((m) => m[1].replace(/''/g, "'"));
}
