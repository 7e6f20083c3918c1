// Small building blocks every page uses: loading and progress, errors in
// the reader's language, "not found", and page headings.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { ApiError } from "../lib/api";
import "../lib/errorHints";
import { defineMessages, hasMessage, translate, useI18n } from "../lib/i18n";

defineMessages({
  ja: {
    "common.loading": "読み込み中…",
    "common.progress": "処理中… {done}",
    "common.not_found": "見つかりません",
    "common.not_found.detail": "このページは存在しないか、閲覧する権限がありません。",
    "common.error": "エラー",
    "common.field": "項目: {field}",
    "common.retry": "再試行",
    "common.what_to_do": "対処",
    "error.network": "サーバーに接続できません。ネットワークを確認して再試行してください。",
    "error.unauthorized": "サインインが必要です。もう一度サインインしてください。",
    "error.forbidden": "この操作の権限がありません。管理者に問い合わせてください。",
    "error.not_found": "見つかりません。番号やリンクを確認してください。",
    "error.csrf_failed": "セッションの確認に失敗しました。ページを再読み込みしてください。",
    "error.internal": "サーバー内部のエラーです。時間をおいて再試行し、続く場合は管理者に連絡してください。",
    "error.generic": "要求は受け付けられませんでした。内容を確認してください。",
  },
  en: {
    "common.loading": "Loading…",
    "common.progress": "Working… {done}",
    "common.not_found": "Not found",
    "common.not_found.detail": "This page does not exist or you are not allowed to see it.",
    "common.error": "Error",
    "common.field": "Field: {field}",
    "common.retry": "Try again",
    "common.what_to_do": "What to do",
    "error.network": "The server cannot be reached. Check the network and try again.",
    "error.unauthorized": "You need to sign in. Please sign in again.",
    "error.forbidden": "You are not allowed to do this. Ask an administrator.",
    "error.not_found": "Not found. Check the number or the link.",
    "error.csrf_failed": "The session could not be confirmed. Reload the page.",
    "error.internal": "An internal server error. Try again later; if it persists, tell an administrator.",
    "error.generic": "The request was refused. Check what you entered.",
  },
});

export function Loading() {
  const { t } = useI18n();
  return <p class="loading" role="status" aria-live="polite">{t("common.loading")}</p>;
}

/** A long action's progress (a count of items done, or a fraction). */
export function Progress({ done, total }: { done: number; total?: number }) {
  const { t } = useI18n();
  return (
    <div class="progress" role="status" aria-live="polite">
      <progress value={total ? done : undefined} max={total}></progress>
      <span>{t("common.progress", { done: total ? `${done} / ${total}` : String(done) })}</span>
    </div>
  );
}

/**
 * The message for an error in the reader's language: a translation of the
 * API's code when there is one ("error.<code>"), else the API's own message
 * after a generic sentence in the reader's language.
 */
export function errorText(err: unknown, lang: "ja" | "en", t: (k: string) => string): string {
  if (err instanceof ApiError) {
    const key = `error.${err.code}`;
    if (hasMessage(lang, key)) return t(key);
    if (err.status === 401) return t("error.unauthorized");
    if (err.status === 403) return t("error.forbidden");
    if (err.status === 404) return t("error.not_found");
    if (err.status >= 500) return t("error.internal");
    const hintKey = `errorhint.${err.code}`;
    if (hasMessage(lang, hintKey)) {
      const hint = translate(lang, hintKey);
      // The API's own message (English) stays beside the hint: it names the
      // value that was refused, which a code alone cannot.
      return lang === "en" ? `${err.message} — ${hint}` : `${hint}（${err.message}）`;
    }
    return lang === "en" ? err.message : `${t("error.generic")} (${err.message})`;
  }
  return err instanceof Error ? err.message : String(err);
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [error]);
  if (error instanceof ApiError && error.status === 404) return <NotFound />;
  const field = error instanceof ApiError ? error.field : null;
  const code = error instanceof ApiError ? error.code : null;
  return (
    <div class="error-box" role="alert" tabIndex={-1} ref={ref}>
      <strong>{t("common.error")}</strong>
      <p>{errorText(error, lang, t)}</p>
      {field && <p class="muted">{t("common.field", { field })}</p>}
      {code && <p class="muted"><code>{code}</code></p>}
      {onRetry && <button type="button" onClick={onRetry}>{t("common.retry")}</button>}
    </div>
  );
}

/** Shown for anything the API answers 404 to: nothing else is revealed. */
export function NotFound() {
  const { t } = useI18n();
  return (
    <section class="not-found">
      <h1>{t("common.not_found")}</h1>
      <p>{t("common.not_found.detail")}</p>
    </section>
  );
}

export function PageTitle({ children, actions }: { children: ComponentChildren; actions?: ComponentChildren }) {
  useEffect(() => {
    const text = typeof children === "string" ? children : null;
    if (text) document.title = `${text} — Chizai`;
  }, [children]);
  return (
    <div class="page-title">
      <h1>{children}</h1>
      {actions && <div class="actions">{actions}</div>}
    </div>
  );
}
