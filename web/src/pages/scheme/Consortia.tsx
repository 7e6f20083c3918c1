// Consortia (GET /api/v1/consortia, keyset pages) and one consortium's
// members with their roles and NDAs (GET /api/v1/consortia/{code}).
import { useLocation } from "preact-iso";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { allPages, api, seg, type Page } from "../../lib/api";
import { formatDate } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useApi } from "../../lib/useApi";
import { word } from "../patents/shared";
import { SchemeNav, schemeUrl } from "./SchemeNav";

interface ConsortiumRow { code: string; package: string; created_on: string; members: number; nda_signed: number }
interface Member {
  institution: string; kind: string; name_en: string; name_ja: string; role: string; joined_on: string;
  nda_status: string; nda_date: string | null;
}
interface Consortium { code: string; package: string; created_on: string; members: Member[] }

export function Consortia() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const after = query.after ?? "";
  const loaded = useApi((signal) => api.get<Page<ConsortiumRow>>("consortia", { limit: 100, cursor: after }, signal), [after]);
  return (
    <section>
      <SchemeNav />
      <PageTitle>{t("con.title")}</PageTitle>
      {loaded.error ? <ErrorBox error={loaded.error} onRetry={loaded.reload} /> : !loaded.data ? <Loading /> : (
        <DataTable<ConsortiumRow>
          caption={t("con.caption")}
          columns={[
            { key: "code", label: t("con.col.code"), render: (c) => <a href={`/scheme/consortia/${seg(c.code)}`}>{c.code}</a> },
            { key: "package", label: t("con.col.package") },
            { key: "created_on", label: t("con.col.created_on"), render: (c) => formatDate(c.created_on, lang) },
            { key: "members", label: t("con.col.members"), numeric: true },
            { key: "nda_signed", label: t("con.col.nda_signed"), numeric: true },
          ]}
          rows={loaded.data.items} rowKey={(c) => c.code} csvName="consortia"
          exportAll={(onProgress) => allPages<ConsortiumRow>("consortia", {}, onProgress)}
          footer={loaded.data.next_cursor && (
            <nav class="pager" aria-label={t("con.title")}>
              <a href={schemeUrl("/scheme/consortia", { after: loaded.data.next_cursor })} rel="next">{t("agg.next")}</a>
            </nav>
          )} />
      )}
    </section>
  );
}

export function ConsortiumPage({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const loaded = useApi((signal) => api.get<Consortium>(`consortia/${seg(code)}`, undefined, signal), [code]);
  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  const c = loaded.data;
  return (
    <section>
      <SchemeNav />
      <PageTitle>{t("con.detail.title", { code: c.code })}</PageTitle>
      <dl class="facts">
        <dt>{t("con.col.package")}</dt><dd>{c.package}</dd>
        <dt>{t("con.col.created_on")}</dt><dd>{formatDate(c.created_on, lang)}</dd>
      </dl>
      <DataTable<Member>
        caption={t("con.members")}
        columns={[
          { key: "institution", label: t("con.col.institution") },
          { key: "name", label: t("con.col.name"), value: (m) => (lang === "ja" ? m.name_ja || m.name_en : m.name_en || m.name_ja) },
          { key: "role", label: t("con.col.role"), value: (m) => word(t, lang, "conrole", m.role) },
          { key: "joined_on", label: t("con.col.joined_on"), render: (m) => formatDate(m.joined_on, lang) },
          {
            key: "nda", label: t("con.col.nda"),
            value: (m) => `${word(t, lang, "nda", m.nda_status)}${m.nda_date ? ` (${formatDate(m.nda_date, lang)})` : ""}`,
          },
        ]}
        rows={c.members} rowKey={(m) => m.institution} csvName={`consortium-${c.code}`} />
    </section>
  );
}
