/**
 * CSV (RFC 4180) for ERP exports. Hand-written: the project has a CSV parser (csv-parse) but
 * no writer, and quoting is four lines. Cells that a spreadsheet would run as a formula
 * (leading `=`, `+`, `@`, tab, CR, or `-` not followed by a digit) get a leading `'`
 * (OWASP "CSV injection"): an identifier never starts that way, an attack does.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cell = (v: string | number | null | undefined): string => {
    if (v === null || v === undefined) return '';
    let s = String(v);
    if (/^[=+@\t\r]/.test(s) || /^-(?!\d)/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
