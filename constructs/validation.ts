import { Token } from "./providers/cdktf";
import type { IConstruct } from "./providers/cdktf";

/**
 * Checks of construct props, shared by every construct, with one message form:
 * `<construct path>: <prop> must be <expected>, but <value> was given`.
 * A value that is an unresolved token (a variable or another resource's attribute) is known only
 * at apply, so the checks let it through, unless the construct must compute with it at synth.
 */

/** A prop that failed its check; `path`, `prop` and `expected` are kept for callers that map it. */
export class PropError extends Error {
  constructor(
    readonly path: string,
    readonly prop: string,
    readonly expected: string,
    readonly given: string,
  ) {
    super(`${path}: ${prop} must be ${expected}, but ${given} was given`);
    this.name = "PropError";
  }
}

/**
 * Thrown by a normaliser (e.g. of an org code) when a value is not in the expected form; its
 * message is that form, so it completes both "must be …" here and "expected …" in config errors.
 */
export class FormError extends Error {
  constructor(expected: string) {
    super(expected);
    this.name = "FormError";
  }
}

/** A value shown in a message as this text rather than as JSON (a count, a secret not shown). */
export class Described {
  constructor(readonly text: string) {}
}

/** Shows a value in a message as `text`, e.g. `described("a literal URL (not shown)")`. */
export const described = (text: string): Described => new Described(text);

const LONGEST_SHOWN = 120;

/** A value as messages show it: JSON (strings quoted), at most 120 characters; undefined is "nothing". */
export function describeValue(value: unknown): string {
  if (value instanceof Described) return value.text;
  if (value === undefined) return "nothing";
  if (Token.isUnresolved(value)) return "an unresolved token";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > LONGEST_SHOWN ? `${text.slice(0, LONGEST_SHOWN - 3)}...` : text;
}

/** True when a value (or a token inside a string) is known only at apply. */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}

export interface WholeNumberOptions {
  /**
   * Why the value must be known at synth (the construct computes with it); a token is then
   * refused with this reason instead of let through.
   */
  readonly knownAtSynthBecause?: string;
}

/** The checks of one construct's props; every failure names the construct's path. */
export class PropChecks {
  /** The construct path messages start with. */
  readonly path: string;

  constructor(scope: IConstruct | string) {
    this.path = typeof scope === "string" ? scope : scope.node.path;
  }

  /** Throws `<path>: <prop> must be <expected>, but <given> was given`. */
  fail(prop: string, expected: string, given: unknown): never {
    throw new PropError(this.path, prop, expected, describeValue(given));
  }

  /** A whole number from `min` to `max`; a token passes unless it must be known at synth. */
  wholeNumber(prop: string, value: number, min: number, max: number, options: WholeNumberOptions = {}): number {
    const expected = `a whole number from ${min} to ${max}`;
    if (isUnresolved(value)) {
      if (options.knownAtSynthBecause !== undefined)
        this.fail(prop, `${expected}, known at synth (${options.knownAtSynthBecause})`, value);
      return value;
    }
    if (!Number.isInteger(value) || value < min || value > max) this.fail(prop, expected, value);
    return value;
  }

  /** A string matching `pattern`, described for people as `expected`; undefined and tokens pass. */
  matches<T extends string | undefined>(prop: string, value: T, pattern: RegExp, expected: string): T {
    if (value !== undefined && !isUnresolved(value) && (typeof value !== "string" || !pattern.test(value)))
      this.fail(prop, expected, value);
    return value;
  }

  /** One of `allowed` (`note` says what they are); a token passes. */
  oneOf<T>(prop: string, value: T, allowed: readonly T[], note?: string): T {
    if (!isUnresolved(value) && !allowed.includes(value)) {
      this.fail(
        prop,
        `one of ${allowed.map((a) => describeValue(a)).join(", ")}${note === undefined ? "" : ` (${note})`}`,
        value,
      );
    }
    return value;
  }

  /** The result of `normalise(value)`, whose FormError becomes the message; a token is returned unchanged. */
  normalised<T, R>(prop: string, value: T, normalise: (value: T) => R): R | T {
    if (isUnresolved(value)) return value;
    try {
      return normalise(value);
    } catch (e) {
      if (e instanceof FormError) return this.fail(prop, e.message, value);
      throw e;
    }
  }
}
