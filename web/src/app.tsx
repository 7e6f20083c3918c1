// The application: the session, the language, and the pages by URL. Every
// page has its own URL (filters in the query string), so links can be
// shared and the browser's back button works (preact-iso's router uses the
// History API).
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { LocationProvider, Route, Router, useLocation } from "preact-iso";
import { Loading, NotFound } from "./components/common";
import { Layout } from "./components/Layout";
import { ApiError, onUnauthorized } from "./lib/api";
import { I18nContext, storedLang, storeLang, translate, type Lang } from "./lib/i18n";
import { fetchSession, saveLanguage, SessionContext, useSession, type Session } from "./lib/session";
import { SignIn } from "./pages/signin/SignIn";
import { routes, type PageRoute } from "./routes";

function Guarded({ page, ...props }: { page: PageRoute } & Record<string, unknown>) {
  const { session } = useSession();
  const { url, route } = useLocation();
  useEffect(() => {
    if (!session) route(`/signin?next=${encodeURIComponent(url)}`, true);
  }, [session, url]);
  if (!session) return null;
  // A page this role may not open is "not found": nothing else is revealed.
  if (!page.roles.includes(session.role)) return <NotFound />;
  const Page = page.component;
  return <Page {...props} />;
}

// One stable component per page (made once, so a page is not re-mounted
// when the application re-renders).
const guardedRoutes = routes.map((page) => ({
  path: page.path,
  component: (props: Record<string, unknown>) => <Guarded page={page} {...props} />,
}));

export function App() {
  const [session, setSessionState] = useState<Session | null>(null);
  const [checked, setChecked] = useState(false);
  const [lang, setLangState] = useState<Lang>(storedLang());

  const setSession = useCallback((s: Session | null) => {
    setSessionState(s);
    if (s) {
      setLangState(s.language);
      storeLang(s.language);
    }
  }, []);

  useEffect(() => {
    fetchSession().then(
      (s) => { setSession(s); setChecked(true); },
      (e: unknown) => {
        if (!(e instanceof ApiError) || e.status !== 401) console.error(e);
        setChecked(true);
      },
    );
    return onUnauthorized(() => setSessionState(null));
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const i18n = useMemo(() => ({
    lang,
    t: (key: string, params?: Record<string, string | number>) => translate(lang, key, params),
    setLang: (next: Lang) => {
      setLangState(next);
      storeLang(next);
      if (session) {
        setSessionState({ ...session, language: next });
        saveLanguage(next).catch((e: unknown) => console.error(e));
      }
    },
  }), [lang, session]);

  return (
    <I18nContext.Provider value={i18n}>
      <SessionContext.Provider value={{ session, setSession }}>
        <LocationProvider>
          <Layout>
            {!checked ? <Loading /> : (
              <Router>
                <Route path="/signin" component={SignIn} />
                {guardedRoutes.map((r) => <Route key={r.path} path={r.path} component={r.component} />)}
                <Route default component={NotFound} />
              </Router>
            )}
          </Layout>
        </LocationProvider>
      </SessionContext.Provider>
    </I18nContext.Provider>
  );
}
