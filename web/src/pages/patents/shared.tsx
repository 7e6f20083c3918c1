// Pieces the patents and scheme pages share: owners as text, links to a
// patent, an API error's text beside a field, and the stored patent's type.
import { ApiError } from "../../lib/api";
import { hasMessage, type Lang, type T } from "../../lib/i18n";
import { errorText } from "../../components/common";
import { formatShare } from "../../lib/format";
import { patentPath } from "./logic";

export interface Owner { institution: string; share: string }
export interface StoredPatent {
  application_number: string;
  jurisdiction: string;
  filing_date: string;
  kind: string;
  title?: string | null;
  title_ja?: string | null;
  status: string;
  publication_number?: string | null;
  publication_date?: string | null;
  grant_number?: string | null;
  grant_date?: string | null;
  ipc: string[];
  claims?: number | null;
  stage?: string | null;
  owners: Owner[];
  inventors: { name: string; institution?: string | null }[];
  priority_claims: { number: string; date?: string | null; kind?: string | null; active?: boolean }[];
  simple_family?: string | null;
  extended_family?: string | null;
  aggregation?: { aggregator: string; mode: string; date: string } | null;
}

export function ownersText(owners: Owner[] | undefined, lang: Lang): string {
  return (owners ?? []).map((o) => `${o.institution} ${formatShare(o.share, lang)}`).join("; ");
}

export function PatentLink({ number }: { number: string }) {
  return <a href={patentPath(number)}>{number}</a>;
}

/**
 * An API refusal as shown beside the field it names: the translated
 * sentence for its code and, when that replaces the API's own words, the
 * API's message after it (it names the value at fault).
 */
export function fieldErrorText(err: unknown, lang: Lang, t: T): string {
  const text = errorText(err, lang, t);
  if (err instanceof ApiError && hasMessage(lang, `error.${err.code}`) && !text.includes(err.message)) {
    return `${text} (${err.message})`;
  }
  return text;
}

/** A word of an enumeration through its message key, the word itself when unknown. */
export function word(t: T, lang: Lang, prefix: string, value: string | null | undefined): string {
  if (!value) return "";
  const key = `${prefix}.${value}`;
  return hasMessage(lang, key) ? t(key) : value;
}
