// A family drawn as a small graph: the applications are boxes, the
// priority claims arrows (laid out by layoutFamily). Only the members the
// API returned are drawn, so a scoped user sees nothing of other
// institutions' applications. Each box links to its patent page; the
// figure has a text alternative (the list of claims).
import { useI18n } from "../../lib/i18n";
import { layoutFamily } from "./logic";
import { patentPath } from "./logic";

const NODE_W = 170;
const NODE_H = 40;

export function FamilyGraph({ members, claims, current, label }:
  { members: string[]; claims: Record<string, string[]>; current: string; label: string }) {
  const { t } = useI18n();
  const g = layoutFamily(members, claims);
  const at = new Map(g.nodes.map((n) => [n.id, n]));
  return (
    <figure class="family-graph">
      <figcaption>{label}</figcaption>
      <svg width={g.width} height={g.height} viewBox={`0 0 ${g.width} ${g.height}`} role="group" aria-label={label}>
        <defs>
          <marker id="fg-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" class="fg-arrowhead" />
          </marker>
        </defs>
        {g.edges.map((e) => {
          const a = at.get(e.from);
          const b = at.get(e.to);
          if (!a || !b) return null;
          const x1 = a.x + NODE_W;
          const y1 = a.y + NODE_H / 2;
          const x2 = b.x;
          const y2 = b.y + NODE_H / 2;
          const mid = (x1 + x2) / 2;
          const d = b.layer > a.layer
            ? `M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`
            : `M ${a.x + NODE_W / 2} ${a.y + NODE_H} L ${b.x + NODE_W / 2} ${b.y}`;
          return <path key={`${e.from}>${e.to}`} d={d} class="fg-edge" marker-end="url(#fg-arrow)" />;
        })}
        {g.nodes.map((n) => (
          <a key={n.id} href={patentPath(n.id)} aria-label={n.id}>
            <rect x={n.x} y={n.y} width={NODE_W} height={NODE_H} rx={6} class={n.id === current ? "fg-node fg-current" : "fg-node"} />
            <text x={n.x + NODE_W / 2} y={n.y + NODE_H / 2 + 5} text-anchor="middle" class="fg-label">{n.id}</text>
          </a>
        ))}
      </svg>
      <ul class="visually-hidden">
        {g.edges.map((e) => <li key={`${e.from}>${e.to}`}>{e.from} → {e.to}</li>)}
      </ul>
      <p class="muted">{t("patent.graph.scoped")}</p>
    </figure>
  );
}
