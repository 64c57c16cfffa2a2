/**
 * Every line the command prints passes through one Masker: the secrets it learned during the run
 * (function keys, passwords, client secrets, tokens) and any `code=` or `sig=` query value are
 * replaced by ***, in output lines, the JSON report and error messages alike.
 */

const MASK = "***";
/** Query parameters that carry a credential in a URL: a function key, a flow URL's signature. */
const SECRET_QUERY = /([?&](?:code|sig)=)[^&#\s"'<>();,]+/gi;
/** Shorter values would mask ordinary words. */
const MIN_SECRET_LENGTH = 6;

export class Masker {
  private readonly secrets = new Set<string>();

  /** Remembers a secret; every later mask() hides it, plain and URL-encoded. */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) return;
    this.secrets.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) this.secrets.add(encoded);
  }

  mask(text: string): string {
    let masked = text.replace(SECRET_QUERY, `$1${MASK}`);
    // Longest first, so a secret that contains another is hidden whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length))
      masked = masked.split(secret).join(MASK);
    return masked;
  }
}
