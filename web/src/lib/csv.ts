// Tables exported as CSV (RFC 4180, UTF-8 with a BOM so that Excel on
// Japanese Windows reads the Japanese titles correctly).

export function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? "" : String(value);
  // A cell starting with = + - @ is a formula to a spreadsheet: quote it
  // with a leading apostrophe so an exported title cannot run as one.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  const lines = [header.map(csvCell).join(",")];
  for (const r of rows) lines.push(r.map(csvCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** Offer a text as a file download. */
export function download(filename: string, text: string, type = "text/csv;charset=utf-8"): void {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
