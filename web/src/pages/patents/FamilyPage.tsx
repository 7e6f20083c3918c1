// A family (/families/<number>: any application of it, any spelling): both
// families drawn, and the members the API shows this user as a table.
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { api, ApiError, seg } from "../../lib/api";
import { formatDate } from "../../lib/format";
import { localTitle, useI18n } from "../../lib/i18n";
import { useApi } from "../../lib/useApi";
import { FamilyGraph } from "./FamilyGraph";
import { ownersText, PatentLink, word, type StoredPatent } from "./shared";

interface FamilySet { id: string; members: string[] }
interface Families { application: string; simple_family: FamilySet; extended_family: FamilySet }

async function loadFamily(number: string, signal: AbortSignal) {
  const families = await api.get<Families>(`families/${seg(number)}`, undefined, signal);
  const members = [...new Set([...families.simple_family.members, ...families.extended_family.members])].slice(0, 200);
  const patents = (await Promise.all(members.map((m) =>
    api.get<StoredPatent>(`patents/${seg(m)}`, undefined, signal).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    })))).filter((p): p is StoredPatent => !!p);
  const claims: Record<string, string[]> = {};
  for (const p of patents) claims[p.application_number] = p.priority_claims.map((c) => c.number);
  return { families, patents, claims };
}

export function FamilyPage({ number }: { number: string }) {
  const { t, lang } = useI18n();
  const loaded = useApi((signal) => loadFamily(number, signal), [number]);
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  const { families, patents, claims } = loaded.data;
  const s = families.simple_family;
  const x = families.extended_family;
  return (
    <section>
      <PageTitle>{t("family.title", { number: families.application })}</PageTitle>
      <FamilyGraph members={s.members} claims={claims} current={families.application}
        label={`${t("patent.simple_family", { id: s.id, n: s.members.length })} — ${t("patent.graph")}`} />
      {s.members.join() === x.members.join() ? <p>{t("patent.graph.same")}</p> : (
        <FamilyGraph members={x.members} claims={claims} current={families.application}
          label={`${t("patent.extended_family", { id: x.id, n: x.members.length })} — ${t("patent.graph")}`} />
      )}
      <DataTable<StoredPatent>
        caption={t("family.members")}
        columns={[
          { key: "application_number", label: t("patents.col.number"), render: (p) => <PatentLink number={p.application_number} /> },
          { key: "title", label: t("patents.col.title"), value: (p) => localTitle(lang, p) },
          { key: "jurisdiction", label: t("patents.col.jurisdiction") },
          { key: "filing_date", label: t("patents.col.filing_date"), render: (p) => formatDate(p.filing_date, lang) },
          { key: "status", label: t("patents.col.status"), value: (p) => word(t, lang, "status", p.status) },
          { key: "owners", label: t("patents.col.owners"), value: (p) => ownersText(p.owners, lang) },
        ]}
        rows={patents} rowKey={(p) => p.application_number} csvName={`family-${families.application}`} />
    </section>
  );
}
