// Pieces the matching pages share: a score's components as bars, a match's
// reasons, and a form error that stays beside the form (a 404 from a form
// names a missing code; it is not a missing page).
import { ErrorBox, errorText } from "../../components/common";
import { ApiError } from "../../lib/api";
import { hasMessage, useI18n, type Lang } from "../../lib/i18n";
import { scoreBars, type ScoreComponent } from "./model";

export interface MatchResult {
  rank: number;
  company: string;
  company_name: string;
  package: string;
  package_name: string;
  score: number;
  components: Record<string, ScoreComponent>;
  codes: { interest: string; code: string; level: string; contribution: number }[];
  terms: { term: string; contribution: number }[];
  signals: { attended: boolean; interest: boolean; licensed_subclass: string };
  region_fit: string;
}

export interface Ranking {
  as_of: string;
  results: MatchResult[];
  left_out_total: number;
  left_out: { reason: string; count: number }[];
}

const num = (v: number, lang: string, digits = 1) =>
  new Intl.NumberFormat(lang === "ja" ? "ja-JP" : "en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);

export function ScoreBars({ components }: { components: Record<string, ScoreComponent> }) {
  const { t, lang } = useI18n();
  return (
    <ul class="score-bars">
      {scoreBars(components).map((b) => {
        const name = t(`matching.component.${b.key}`);
        const label = t("matching.bar", { name, points: num(b.points, lang), score: num(b.score, lang), weight: num(b.weight, lang, 2) });
        return (
          <li key={b.key} class={`score-bar score-${b.key}`}>
            <span class="score-name">{name}</span>
            <meter class="score-meter" min={0} max={100} value={b.width} aria-label={label} title={label}></meter>
            <span class="score-num">{num(b.points, lang)} <small class="muted">({num(b.score, lang)} × {num(b.weight, lang, 2)})</small></span>
          </li>
        );
      })}
    </ul>
  );
}

export function Reasons({ r }: { r: MatchResult }) {
  const { t } = useI18n();
  return (
    <div class="reasons">
      {r.codes.length > 0 && (
        <p><strong>{t("matching.codes")}:</strong> {r.codes.map((c) => `${c.code} (${c.interest})`).join(", ")}</p>
      )}
      {r.terms.length > 0 && (
        <p><strong>{t("matching.terms")}:</strong> {r.terms.map((w) => <mark key={w.term}>{w.term}</mark>)}</p>
      )}
      {r.signals.attended && <p>{t("matching.signal.attended")}</p>}
      {r.signals.interest && <p>{t("matching.signal.interest")}</p>}
      {r.signals.licensed_subclass && <p>{t("matching.signal.licensed", { code: r.signals.licensed_subclass })}</p>}
      {r.region_fit && <p class="muted">{t("matching.region_fit", { fit: r.region_fit })}</p>}
      {r.codes.length === 0 && r.terms.length === 0 && !r.signals.attended && !r.signals.interest &&
        !r.signals.licensed_subclass && <p class="muted">{t("matching.no_reason")}</p>}
    </div>
  );
}

export function LeftOut({ ranking }: { ranking: Ranking }) {
  const { t, lang } = useI18n();
  if (ranking.left_out_total === 0) return null;
  return (
    <p class="muted">
      {t("matching.left_out", { n: ranking.left_out_total })}
      {" — "}
      {ranking.left_out.map((l) => `${reasonText(t, l.reason, lang)}: ${l.count}`).join(", ")}
    </p>
  );
}

export function reasonText(t: (k: string) => string, reason: string, lang: Lang = "ja"): string {
  const key = `matching.reason.${reason}`;
  return hasMessage(lang, key) ? t(key) : reason;
}

/** A form's error: the API's message in the reader's language, kept beside the form. */
export function FormError({ error }: { error: unknown }) {
  const { t, lang } = useI18n();
  if (error === null) return null;
  if (error instanceof ApiError && error.status === 404) {
    return (
      <div class="error-box" role="alert">
        <strong>{t("common.error")}</strong>
        <p>{errorText(error, lang, t)}</p>
        {error.field && <p class="muted">{t("common.field", { field: error.field })}</p>}
      </div>
    );
  }
  return <ErrorBox error={error} />;
}
