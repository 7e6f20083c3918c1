// The frame of every signed-in page: skip link, header with the product,
// navigation for the user's role, the language switch and sign-out.
import type { ComponentChildren } from "preact";
import { useLocation } from "preact-iso";
import { defineMessages, useI18n } from "../lib/i18n";
import { signOut, useSession } from "../lib/session";
import { routes } from "../routes";

defineMessages({
  ja: {
    "layout.skip": "本文へ移動",
    "layout.product": "知財 Chizai",
    "layout.nav": "メインメニュー",
    "layout.language": "表示言語",
    "layout.sign_out": "サインアウト",
    "layout.signed_in_as": "{user}（{role}）",
    "role.admin": "管理者",
    "role.ip_manager": "知財担当",
    "role.tech_transfer": "技術移転担当",
    "role.finance": "経理担当",
    "role.institution_viewer": "機関閲覧者",
  },
  en: {
    "layout.skip": "Skip to content",
    "layout.product": "Chizai 知財",
    "layout.nav": "Main menu",
    "layout.language": "Language",
    "layout.sign_out": "Sign out",
    "layout.signed_in_as": "{user} ({role})",
    "role.admin": "Administrator",
    "role.ip_manager": "IP manager",
    "role.tech_transfer": "Tech transfer",
    "role.finance": "Finance",
    "role.institution_viewer": "Institution viewer",
  },
});

export function Layout({ children }: { children: ComponentChildren }) {
  const { t, lang, setLang } = useI18n();
  const { session, setSession } = useSession();
  const { path, route } = useLocation();
  const nav = session ? routes.filter((r) => r.nav && r.roles.includes(session.role)) : [];

  const doSignOut = async () => {
    try {
      await signOut();
    } finally {
      setSession(null);
      route("/signin");
    }
  };

  return (
    <>
      <a class="skip" href="#main">{t("layout.skip")}</a>
      <header class="top">
        <a class="brand" href="/">{t("layout.product")}</a>
        {session && (
          <nav aria-label={t("layout.nav")}>
            <ul>
              {nav.map((r) => {
                const current = r.path === "/" ? path === "/" : path === r.path || path.startsWith(`${r.path}/`);
                return (
                  <li key={r.path}>
                    <a href={r.path} aria-current={current ? "page" : undefined}>{t(r.nav as string)}</a>
                  </li>
                );
              })}
            </ul>
          </nav>
        )}
        <div class="top-right">
          <div role="group" aria-label={t("layout.language")} class="lang-switch">
            <button type="button" lang="ja" aria-pressed={lang === "ja"} onClick={() => setLang("ja")}>日本語</button>
            <button type="button" lang="en" aria-pressed={lang === "en"} onClick={() => setLang("en")}>English</button>
          </div>
          {session && (
            <>
              <span class="who">{t("layout.signed_in_as", { user: session.user, role: t(`role.${session.role}`) })}</span>
              <button type="button" onClick={doSignOut}>{t("layout.sign_out")}</button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>{children}</main>
    </>
  );
}
