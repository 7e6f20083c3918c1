// The docket's pages side by side (those the user's role may open).
import { useLocation } from "preact-iso";
import { useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";
import { DOCKET_READERS, FEE_READERS } from "./roles";

const PAGES = [
  { path: "/docket", label: "docket.nav.agenda", roles: DOCKET_READERS },
  { path: "/fees/forecast", label: "docket.nav.forecast", roles: FEE_READERS },
  { path: "/docket/review", label: "docket.nav.review", roles: FEE_READERS },
];

export function DocketNav() {
  const { t } = useI18n();
  const session = useSignedIn();
  const { path } = useLocation();
  const pages = PAGES.filter((p) => p.roles.includes(session.role));
  return (
    <nav class="subnav" aria-label={t("docket.subnav")}>
      <ul>
        {pages.map((p) => (
          <li key={p.path}>
            <a href={p.path} aria-current={path === p.path ? "page" : undefined}>{t(p.label)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
