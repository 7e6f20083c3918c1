// A patent's packages, licences and income (GET /api/v1/patents/{number}/
// activity, scoped like the patent itself: a scoped user sees its own
// institution's income only).
import { ErrorBox, Loading } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { api, seg } from "../../lib/api";
import { formatAmount, formatDate } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useSignedIn } from "../../lib/session";
import { useApi } from "../../lib/useApi";
import { word } from "./shared";

export interface Activity {
  application: string;
  packages: { package: string; name_en: string; name_ja: string; role: string; weight: number; added_on: string; removed_on: string | null }[];
  licences: { agreement: string; licensee: string; exclusive: boolean; starts_on: string; ends_on: string; weight: number }[];
  income: { institution: string; income_type: string; currency: string; amount_minor: number }[];
}

export function PatentActivity({ number }: { number: string }) {
  const { t, lang } = useI18n();
  const session = useSignedIn();
  const loaded = useApi((signal) => api.get<Activity>(`patents/${seg(number)}/activity`, undefined, signal), [number]);
  const packageLinks = session.role === "admin" || session.role === "tech_transfer";
  const agreementLinks = session.role === "admin" || session.role === "finance";
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  const a = loaded.data;
  const totals = new Map<string, number>();
  for (const i of a.income) totals.set(i.currency, (totals.get(i.currency) ?? 0) + i.amount_minor);
  return (
    <>
      <h2>{t("patent.packages")}</h2>
      <DataTable
        caption={t("patent.packages")}
        columns={[
          { key: "package", label: t("patent.package"), render: (p) => (packageLinks ? <a href={`/scheme/packages/${seg(p.package)}`}>{p.package}</a> : p.package) },
          { key: "name", label: t("patent.package.name"), value: (p) => (lang === "ja" ? p.name_ja || p.name_en : p.name_en || p.name_ja) },
          { key: "role", label: t("patent.package.role"), value: (p) => word(t, lang, "patent.role", p.role) },
          { key: "weight", label: t("patent.package.weight"), numeric: true },
          { key: "added_on", label: t("patent.package.added_on"), render: (p) => formatDate(p.added_on, lang) },
          { key: "removed_on", label: t("patent.package.removed_on"), render: (p) => formatDate(p.removed_on, lang), value: (p) => p.removed_on ?? "" },
        ]}
        rows={a.packages} rowKey={(p) => `${p.package}-${p.added_on}`} csvName={`packages-${a.application}`} />
      <h2>{t("patent.licences")}</h2>
      <DataTable
        caption={t("patent.licences")}
        columns={[
          { key: "agreement", label: t("patent.licence.agreement"), render: (l) => (agreementLinks ? <a href={`/licensing/agreements/${seg(l.agreement)}`}>{l.agreement}</a> : l.agreement) },
          { key: "licensee", label: t("patent.licence.licensee") },
          { key: "exclusive", label: t("patent.licence.exclusive"), value: (l) => (l.exclusive ? t("patent.yes") : t("patent.no")) },
          { key: "starts_on", label: t("patent.licence.starts_on"), render: (l) => formatDate(l.starts_on, lang) },
          { key: "ends_on", label: t("patent.licence.ends_on"), render: (l) => formatDate(l.ends_on, lang) },
        ]}
        rows={a.licences} rowKey={(l) => l.agreement} csvName={`licences-${a.application}`} />
      <h2>{t("patent.income")}</h2>
      <DataTable
        caption={t("patent.income")}
        columns={[
          { key: "institution", label: t("patent.institution") },
          { key: "income_type", label: t("patent.income.type"), value: (i) => word(t, lang, "income", i.income_type) },
          { key: "amount_minor", label: t("patent.income.amount"), numeric: true, render: (i) => formatAmount(i.amount_minor, i.currency, lang) },
        ]}
        rows={a.income} rowKey={(i) => `${i.institution}-${i.income_type}`} csvName={`income-${a.application}`}
        footer={totals.size > 0 && (
          <p class="total" data-testid="patent-income-total">
            {t("patent.income.total")}: {[...totals.entries()].map(([c, m]) => formatAmount(m, c, lang)).join(", ")}
          </p>
        )} />
    </>
  );
}
