// A table every page uses: sortable by any column (keyboard and screen
// readers included: the header cells are buttons and carry aria-sort) and
// exportable as CSV. Sorting orders the rows shown; a paged list says so in
// its caption. The CSV holds what the table shows, or, when `exportAll` is
// given, every row of the filtered list (read page by page with progress).
import type { ComponentChildren } from "preact";
import { useMemo, useState } from "preact/hooks";
import { download, toCsv } from "../lib/csv";
import { defineMessages, useI18n } from "../lib/i18n";
import { ErrorBox, Progress } from "./common";

defineMessages({
  ja: {
    "table.export": "CSVで書き出す",
    "table.empty": "該当するものはありません。",
    "table.sort_hint": "列見出しで並べ替え",
  },
  en: {
    "table.export": "Export CSV",
    "table.empty": "Nothing to show.",
    "table.sort_hint": "Sort by a column heading",
  },
});

export interface Column<R> {
  key: string;
  /** The heading (already translated). */
  label: string;
  /** What the cell shows; defaults to the value under `key`. */
  render?: (row: R) => ComponentChildren;
  /** The value sorted by and exported; defaults to the value under `key`. */
  value?: (row: R) => string | number | null | undefined;
  numeric?: boolean;
  /** In the CSV only (a detail the table shows inside another cell). */
  csvOnly?: boolean;
}

interface Props<R> {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  csvName: string;
  exportAll?: (onProgress: (n: number) => void) => Promise<R[]>;
  footer?: ComponentChildren;
  /** A class for a row (to mark it: overdue, missed), if any. */
  rowClass?: (row: R) => string | undefined;
}

function cellValue<R>(c: Column<R>, r: R): string | number | null | undefined {
  if (c.value) return c.value(r);
  const v = (r as Record<string, unknown>)[c.key];
  return v === null || v === undefined ? v : typeof v === "number" ? v : String(v);
}

export function DataTable<R>({ caption, columns, rows, rowKey, csvName, exportAll, footer, rowClass }: Props<R>) {
  const { t, lang } = useI18n();
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 } | null>(null);
  const [exporting, setExporting] = useState<number | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);

  const sorted = useMemo(() => {
    if (!sort) return rows;
    const col = columns.find((c) => c.key === sort.key);
    if (!col) return rows;
    const collator = new Intl.Collator(lang === "ja" ? "ja" : "en", { numeric: true });
    return [...rows].sort((a, b) => {
      const x = cellValue(col, a);
      const y = cellValue(col, b);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const c = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
      return c * sort.dir;
    });
  }, [rows, sort, columns, lang]);

  const shown = columns.filter((c) => !c.csvOnly);
  const toggle = (key: string) =>
    setSort((s) => (s && s.key === key ? { key, dir: s.dir === 1 ? -1 : 1 } : { key, dir: 1 }));

  const doExport = async () => {
    setExportError(null);
    try {
      let data = sorted;
      if (exportAll) {
        setExporting(0);
        data = await exportAll((n) => setExporting(n));
      }
      const csv = toCsv(columns.map((c) => c.label), data.map((r) => columns.map((c) => cellValue(c, r))));
      download(`${csvName}.csv`, csv);
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(null);
    }
  };

  return (
    <div class="table-wrap">
      <div class="table-tools">
        <button type="button" onClick={doExport} disabled={exporting !== null}>{t("table.export")}</button>
        {exporting !== null && <Progress done={exporting} />}
      </div>
      {exportError !== null && <ErrorBox error={exportError} />}
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {shown.map((c) => {
              const dir = sort?.key === c.key ? (sort.dir === 1 ? "ascending" : "descending") : "none";
              return (
                <th scope="col" aria-sort={dir} class={c.numeric ? "num" : undefined} key={c.key}>
                  <button type="button" class="sort" onClick={() => toggle(c.key)} title={t("table.sort_hint")}>
                    {c.label}
                    <span aria-hidden="true">{dir === "ascending" ? " ▲" : dir === "descending" ? " ▼" : ""}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 ? (
            <tr><td colSpan={shown.length} class="empty">{t("table.empty")}</td></tr>
          ) : (
            sorted.map((r) => (
              <tr key={rowKey(r)} class={rowClass?.(r)}>
                {shown.map((c) => (
                  <td key={c.key} class={c.numeric ? "num" : undefined}>
                    {c.render ? c.render(r) : cellValue(c, r)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {footer}
    </div>
  );
}
