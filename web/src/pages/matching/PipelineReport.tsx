// /matching/report: the pipeline's conversion report (GET /api/v1/pipeline,
// ?as_of= in the URL): deals and days in stage per stage, conversion from
// stage to stage, per staff member and per region.
import { useLocation } from "preact-iso";
import { BarChart } from "../../components/Chart";
import { DataTable } from "../../components/DataTable";
import { ErrorBox, Loading, PageTitle } from "../../components/common";
import { Field } from "../../components/Field";
import { api } from "../../lib/api";
import { formatDate, formatPercent } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useApi } from "../../lib/useApi";
import { regionName } from "../../lib/vocabulary";

interface Age { min: number; median: number; mean: number; max: number }
interface StageCount { stage: string; count: number; age_days: Age }
interface Pipeline {
  as_of: string;
  deals: number;
  by_stage: StageCount[];
  by_staff: { staff: string | null; staff_name: string | null; deals: number; stages: StageCount[] }[];
  by_region: { region: string | null; deals: number; stages: StageCount[] }[];
  conversion: { from: string; to: string; reached: number; advanced: number; rate_bps: number }[];
}

export function PipelineReport() {
  const { t, lang } = useI18n();
  const { query, route } = useLocation();
  const asOf = query.as_of ?? "";
  const data = useApi((signal) => api.get<Pipeline>("pipeline", { as_of: asOf }, signal), [asOf]);
  const stage = (s: string) => t(`deals.stage.${s}`);
  const stages = (list: StageCount[]) => list.map((s) => `${stage(s.stage)} ${s.count}`).join(", ");
  return (
    <section>
      <PageTitle>{t("report.title")}</PageTitle>
      <div class="filters">
        <Field id="report-as-of" label={t("report.as_of")}>
          {(p) => <input {...p} type="date" value={asOf} onChange={(e) => route(e.currentTarget.value ? `/matching/report?as_of=${e.currentTarget.value}` : "/matching/report")} />}
        </Field>
      </div>
      {data.error !== null ? <ErrorBox error={data.error} onRetry={data.reload} /> : data.loading || !data.data ? <Loading /> : (
        <>
          <p>{formatDate(data.data.as_of, lang)} — {t("report.deals", { n: data.data.deals })}</p>
          <BarChart title={t("report.chart")} labels={data.data.by_stage.map((s) => stage(s.stage))}
            series={[{ label: t("report.col.count"), values: data.data.by_stage.map((s) => s.count) }]} />
          <DataTable caption={t("report.by_stage")} csvName="pipeline-stages" rowKey={(r) => r.stage} rows={data.data.by_stage}
            columns={[
              { key: "stage", label: t("report.col.stage"), value: (r) => stage(r.stage) },
              { key: "count", label: t("report.col.count"), numeric: true },
              { key: "min", label: t("report.col.age_min"), numeric: true, value: (r) => r.age_days.min },
              { key: "median", label: t("report.col.age_median"), numeric: true, value: (r) => r.age_days.median },
              { key: "mean", label: t("report.col.age_mean"), numeric: true, value: (r) => r.age_days.mean },
              { key: "max", label: t("report.col.age_max"), numeric: true, value: (r) => r.age_days.max },
            ]} />
          <DataTable caption={t("report.conversion")} csvName="pipeline-conversion" rowKey={(r) => `${r.from}-${r.to}`} rows={data.data.conversion}
            columns={[
              { key: "from", label: t("report.col.from"), value: (r) => stage(r.from) },
              { key: "to", label: t("report.col.to"), value: (r) => stage(r.to) },
              { key: "reached", label: t("report.col.reached"), numeric: true },
              { key: "advanced", label: t("report.col.advanced"), numeric: true },
              { key: "rate", label: t("report.col.rate"), numeric: true, value: (r) => r.rate_bps,
                render: (r) => formatPercent(r.rate_bps / 10000, lang) },
            ]} />
          <DataTable caption={t("report.by_staff")} csvName="pipeline-staff" rowKey={(r) => r.staff ?? "-"} rows={data.data.by_staff}
            columns={[
              { key: "staff", label: t("report.col.staff"), value: (r) => r.staff_name ?? t("report.none") },
              { key: "deals", label: t("report.col.deals"), numeric: true },
              { key: "stages", label: t("report.col.stages"), value: (r) => stages(r.stages) },
            ]} />
          <DataTable caption={t("report.by_region")} csvName="pipeline-regions" rowKey={(r) => r.region ?? "-"} rows={data.data.by_region}
            columns={[
              { key: "region", label: t("report.col.region"), value: (r) => (r.region ? regionName(t, lang, r.region) : t("report.none")) },
              { key: "deals", label: t("report.col.deals"), numeric: true },
              { key: "stages", label: t("report.col.stages"), value: (r) => stages(r.stages) },
            ]} />
        </>
      )}
    </section>
  );
}
