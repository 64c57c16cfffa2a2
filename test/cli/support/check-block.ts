/** Reading verify's text report in tests. */

/** The lines of one check, from its ✓/✗ line to the next check. */
export function checkBlock(stdout: string, title: string): string {
  const start = stdout.search(new RegExp(`^[✓✗-] ${title}`, "m"));
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = stdout.slice(start);
  const next = rest.slice(1).search(/^[✓✗-] /m);
  return next < 0 ? rest : rest.slice(0, next + 1);
}
