// The scheme's pages side by side (those the user's role may open).
import { useLocation } from "preact-iso";
import { useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";
import { AGGREGATION_READERS, CONSORTIUM_READERS, PACKAGE_READERS, PROJECT_READERS } from "./roles";

const PAGES = [
  { path: "/scheme/aggregations", label: "nav.aggregations", roles: AGGREGATION_READERS },
  { path: "/scheme/packages", label: "nav.packages", roles: PACKAGE_READERS },
  { path: "/scheme/projects", label: "nav.projects", roles: PROJECT_READERS },
  { path: "/scheme/consortia", label: "nav.consortia", roles: CONSORTIUM_READERS },
];

/** A scheme page's URL with its query (empty values left out). */
export function schemeUrl(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function SchemeNav() {
  const { t } = useI18n();
  const session = useSignedIn();
  const { path } = useLocation();
  const pages = PAGES.filter((p) => p.roles.includes(session.role));
  if (pages.length < 2) return null;
  return (
    <nav class="subnav" aria-label={t("scheme.subnav")}>
      <ul>
        {pages.map((p) => (
          <li key={p.path}>
            <a href={p.path} aria-current={path === p.path || path.startsWith(`${p.path}/`) ? "page" : undefined}>{t(p.label)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
