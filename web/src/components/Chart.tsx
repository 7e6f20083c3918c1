// Bar and line charts through Chart.js (only the parts used are registered,
// to keep the bundle small). Each chart has a text alternative: the same
// figures as a table for screen readers and for print.
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController,
  LineElement, PointElement, Tooltip,
} from "chart.js";
import { useEffect, useRef } from "preact/hooks";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement,
  PointElement, Tooltip, Legend);

export interface Series {
  label: string;
  values: number[];
  color?: string;
}

interface Props {
  kind?: "bar" | "line";
  title: string;
  labels: string[];
  series: Series[];
  stacked?: boolean;
  /** Formats an axis tick and a tooltip value. */
  format?: (v: number) => string;
}

const PALETTE = ["#1f5fa8", "#c0532b", "#2e7d4f", "#7a4fa0", "#8a6d00"];

export function BarChart({ kind = "bar", title, labels, series, stacked, format }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, {
      type: kind,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: s.color ?? PALETTE[i % PALETTE.length],
          borderColor: s.color ?? PALETTE[i % PALETTE.length],
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: !!stacked },
          y: { stacked: !!stacked, beginAtZero: true, ticks: format ? { callback: (v) => format(Number(v)) } : {} },
        },
        plugins: {
          legend: { display: series.length > 1 },
          tooltip: format ? { callbacks: { label: (c) => `${c.dataset.label}: ${format(Number(c.raw))}` } } : {},
        },
      },
    });
    return () => chart.destroy();
  }, [kind, labels, series, stacked, format]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={title}></canvas>
      </div>
      <table class="visually-hidden">
        <caption>{title}</caption>
        <thead><tr><th scope="col"></th>{series.map((s) => <th scope="col" key={s.label}>{s.label}</th>)}</tr></thead>
        <tbody>
          {labels.map((l, i) => (
            <tr key={l}><th scope="row">{l}</th>{series.map((s) => <td key={s.label}>{format ? format(s.values[i] ?? 0) : s.values[i]}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
