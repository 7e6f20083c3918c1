// Sign-in: a name and a password. The server answers the same for an
// unknown name and a wrong password, and slows repeated failures down.
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { ErrorBox, PageTitle } from "../../components/common";
import { Field } from "../../components/Field";
import { ApiError } from "../../lib/api";
import { defineMessages, useI18n } from "../../lib/i18n";
import { signIn, useSession } from "../../lib/session";

defineMessages({
  ja: {
    "signin.title": "サインイン",
    "signin.name": "ユーザー名",
    "signin.password": "パスワード",
    "signin.submit": "サインイン",
    "signin.working": "確認中…",
    "error.sign_in_failed": "ユーザー名またはパスワードが正しくありません。",
    "error.sign_in_throttled": "失敗が続いたため、しばらく待ってから再試行してください（{seconds}秒後）。",
  },
  en: {
    "signin.title": "Sign in",
    "signin.name": "User name",
    "signin.password": "Password",
    "signin.submit": "Sign in",
    "signin.working": "Checking…",
    "error.sign_in_failed": "The user name or the password is not right.",
    "error.sign_in_throttled": "Too many failures: wait a while and try again (in {seconds} seconds).",
  },
});

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}

export function SignIn() {
  const { t } = useI18n();
  const { setSession } = useSession();
  const { query, route } = useLocation();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await signIn(name, password);
      setSession(s);
      route(safeNext(query.next), true);
    } catch (err) {
      setError(err);
      setPassword("");
    } finally {
      setBusy(false);
    }
  };

  const throttled = error instanceof ApiError && error.code === "sign_in_throttled";
  return (
    <section class="signin">
      <PageTitle>{t("signin.title")}</PageTitle>
      <form onSubmit={submit} noValidate>
        <Field id="signin-name" label={t("signin.name")}>
          {(p) => <input {...p} name="name" autoComplete="username" required value={name}
            onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <Field id="signin-password" label={t("signin.password")}>
          {(p) => <input {...p} name="password" type="password" autoComplete="current-password" required
            value={password} onInput={(e) => setPassword(e.currentTarget.value)} />}
        </Field>
        {throttled ? (
          <div class="error-box" role="alert">
            <p>{t("error.sign_in_throttled", { seconds: (error as ApiError).retryAfter ?? 60 })}</p>
          </div>
        ) : error !== null && <ErrorBox error={error} />}
        <button type="submit" class="primary" disabled={busy}>{busy ? t("signin.working") : t("signin.submit")}</button>
      </form>
    </section>
  );
}
