// Calendar subscriptions (POST/GET/DELETE /api/v1/calendar-subscriptions):
// a new one's URL, with its secret, is shown once (the server keeps only
// its hash); the user's existing ones (an admin's: everyone's) listed with
// a revoke button each.
import { useState } from "preact/hooks";
import { ErrorBox, Loading } from "../../components/common";
import { DataTable } from "../../components/DataTable";
import { api, type Page } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useApi } from "../../lib/useApi";

interface Subscription { id: number; user: string; created_at: string; revoked_at: string | null }
interface Issued { id: number; user: string; secret: string; url: string }

export function Subscriptions() {
  const { t, lang } = useI18n();
  const list = useApi((signal) => api.get<Page<Subscription>>("calendar-subscriptions", undefined, signal), []);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      setIssued(await api.post<Issued>("calendar-subscriptions", {}));
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (id: number) => {
    setError(null);
    try {
      await api.del(`calendar-subscriptions/${id}`);
      if (issued?.id === id) setIssued(null);
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section class="panel subscriptions" aria-labelledby="subs-title">
      <h2 id="subs-title">{t("docket.subs.title")}</h2>
      <p>{t("docket.subs.lead")}</p>
      <p><button type="button" class="primary" onClick={create} disabled={busy}>{t("docket.subs.create")}</button></p>
      {issued && (
        <div class="notice" role="status" data-testid="subscription-issued">
          <p><strong>{t("docket.subs.issued")}</strong></p>
          <label for="subs-url">{t("docket.subs.url")}</label>
          <input id="subs-url" class="wide" readOnly value={issued.url} onFocus={(e) => e.currentTarget.select()} />
          <p class="muted">{t("docket.subs.once")}</p>
        </div>
      )}
      {error !== null && <ErrorBox error={error} />}
      {list.error !== null ? <ErrorBox error={list.error} onRetry={list.reload} /> : !list.data ? <Loading /> : (
        <DataTable caption={t("docket.subs.list")} csvName="calendar-subscriptions"
          rows={list.data.items} rowKey={(s) => String(s.id)} columns={[
            { key: "id", label: t("docket.subs.id"), numeric: true },
            { key: "user", label: t("docket.subs.user") },
            { key: "created_at", label: t("docket.subs.created_at"), render: (s) => formatDateTime(s.created_at, lang) },
            { key: "revoked_at", label: t("docket.subs.revoked_at"), render: (s) => formatDateTime(s.revoked_at, lang), value: (s) => s.revoked_at ?? "" },
            {
              key: "action", label: t("docket.subs.action"), value: () => "",
              render: (s) => (s.revoked_at ? "" : (
                <button type="button" class="danger" onClick={() => void revoke(s.id)}
                  aria-label={t("docket.subs.revoke_n", { id: s.id })}>{t("docket.subs.revoke")}</button>
              )),
            },
          ]} />
      )}
    </section>
  );
}
