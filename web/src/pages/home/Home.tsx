// Home per role: what needs doing and the programme's key figures.
import { PageTitle } from "../../components/common";
import { useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";

export function Home() {
  const { t } = useI18n();
  const session = useSignedIn();
  return (
    <section>
      <PageTitle>{t("home.title")}</PageTitle>
      <p>{t("home.welcome", { user: session.user })}</p>
    </section>
  );
}
