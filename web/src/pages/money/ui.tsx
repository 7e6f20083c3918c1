// Building blocks of the licensing, money and statement pages: filters kept
// in the URL, keyset-paged lists read a page at a time ("more"), amounts.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ErrorBox, Loading } from "../../components/common";
import { api, type Page } from "../../lib/api";
import { formatAmount } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useApi } from "../../lib/useApi";
import { withQuery } from "./lib";
import { useDraft } from "../../lib/useDraft";

/** An amount from `*_minor` and its currency, formatted for the reader. */
export function Money({ minor, currency }: { minor: number | null | undefined; currency: string }) {
  const { lang } = useI18n();
  if (minor === null || minor === undefined) return <span class="muted">—</span>;
  return <span class={minor < 0 ? "amount negative" : "amount"}>{formatAmount(minor, currency, lang)}</span>;
}

/** The page's query (filters) and a way to change it that the back button undoes. */
export function useFilters(): [Record<string, string>, (patch: Record<string, string | null>) => void] {
  const { path, query, route } = useLocation();
  const set = (patch: Record<string, string | null>) => {
    const next: Record<string, string | null> = { ...query, ...patch };
    route(withQuery(path, next));
  };
  return [query, set];
}

export interface Paged<T> {
  rows: T[];
  loading: boolean;
  error: unknown;
  more: (() => void) | null;
  loadingMore: boolean;
  reload: () => void;
}

/** A keyset-paged list (`?cursor=`), the first page on load and further pages on request. */
export function usePaged<T>(path: string, query: Record<string, string | undefined>, limit = 100): Paged<T> {
  const key = JSON.stringify([path, query]);
  const [extra, setExtra] = useState<{ key: string; rows: T[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const first = useApi((signal) => {
    setExtra(null);
    setMoreError(null);
    return api.get<Page<T>>(path, { ...query, limit }, signal);
  }, [key]);
  const mine = extra && extra.key === key ? extra : null;
  const rows = [...(first.data?.items ?? []), ...(mine?.rows ?? [])];
  const cursor = mine ? mine.cursor : first.data?.next_cursor ?? null;
  const more = cursor
    ? async () => {
      setLoadingMore(true);
      try {
        const page = await api.get<Page<T>>(path, { ...query, limit, cursor });
        setExtra({ key, rows: [...(mine?.rows ?? []), ...page.items], cursor: page.next_cursor });
      } catch (e) {
        setMoreError(e);
      } finally {
        setLoadingMore(false);
      }
    }
    : null;
  return { rows, loading: first.loading, error: first.error ?? moreError, more, loadingMore, reload: first.reload };
}

/** Loading, the error, or the "more" button under a paged table. */
export function PagedStatus<T>({ paged }: { paged: Paged<T> }) {
  const { t } = useI18n();
  if (paged.error) return <ErrorBox error={paged.error} onRetry={paged.reload} />;
  if (paged.loading) return <Loading />;
  if (!paged.more) return null;
  return (
    <div class="pager">
      <button type="button" onClick={paged.more} disabled={paged.loadingMore}>{t("money.more")}</button>
      {paged.loadingMore && <Loading />}
    </div>
  );
}

/** A filter text box that applies on Enter or on leaving it. */
export function FilterInput({ id, label, value, onApply, placeholder }: {
  id: string; label: string; value: string; onApply: (v: string) => void; placeholder?: string;
}) {
  const [text, setText] = useDraft(() => value, value);
  const apply = () => { if (text.trim() !== value) onApply(text.trim()); };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} value={text} placeholder={placeholder}
        onInput={(e) => setText(e.currentTarget.value)} onBlur={apply}
        onKeyDown={(e) => { if (e.key === "Enter") { e.preventDefault(); apply(); } }} />
    </div>
  );
}

/** A long action under way: an indeterminate progress bar and what is being done. */
export function Busy({ label }: { label: string }) {
  return (
    <div class="progress" role="status" aria-live="polite">
      <progress aria-label={label}></progress>
      <span>{label}</span>
    </div>
  );
}
