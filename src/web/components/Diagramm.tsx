import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/**
 * Colours that stay apart under the common colour-vision deficiencies (Okabe & Ito); a second
 * series is also dashed, so it never depends on colour alone.
 */
export const FARBEN = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"] as const;

export interface Reihe {
  name: string;
  werte: (number | null)[];
}

/**
 * A small line or bar chart as SVG. For assistive technology it is one image with a text
 * alternative (`beschreibung`); the same values stand in a table beside it (see Kennzahlen page),
 * so nothing is available only in the picture.
 */
export function Diagramm({
  art,
  beschriftungen,
  reihen,
  einheit,
  beschreibung,
}: {
  art: "linie" | "balken";
  beschriftungen: string[];
  reihen: Reihe[];
  einheit: string;
  beschreibung: string;
}) {
  const ort = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ort.current;
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: "svg", locale: "DE" });
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      color: [...FARBEN],
      grid: { left: 48, right: 16, top: reihen.length > 1 ? 32 : 16, bottom: 28 },
      legend: reihen.length > 1 ? { top: 0, textStyle: { color: "#1b1b1b" } } : undefined,
      tooltip: {
        trigger: "axis",
        valueFormatter: (v: unknown) =>
          v === null || v === undefined ? "keine Daten" : `${String(v)} ${einheit}`,
      },
      xAxis: { type: "category", data: beschriftungen, axisLabel: { color: "#1b1b1b" } },
      yAxis: { type: "value", axisLabel: { color: "#1b1b1b" }, min: 0 },
      series: reihen.map((r, i) => ({
        name: r.name,
        type: art === "linie" ? "line" : "bar",
        data: r.werte,
        connectNulls: false,
        symbolSize: 6,
        lineStyle: i > 0 ? { type: "dashed", width: 2 } : { width: 2 },
      })),
    });
    const beobachter = new ResizeObserver(() => chart.resize());
    beobachter.observe(el);
    return () => {
      beobachter.disconnect();
      chart.dispose();
    };
  }, [art, beschriftungen, reihen, einheit]);
  // Focusable, so a keyboard user reaches each chart and hears its text alternative.
  return <div ref={ort} className="diagramm" role="img" aria-label={beschreibung} tabIndex={0} />;
}
