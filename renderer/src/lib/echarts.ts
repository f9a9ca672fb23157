/** ECharts, imported module by module (small bundle, no eval: fine under script-src 'self'). */
import * as echarts from 'echarts/core';
import { LineChart, BarChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, MarkLineComponent, LegendComponent, DataZoomComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, ScatterChart, GridComponent, TooltipComponent, MarkLineComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);

export { echarts };
export type EChartsInstance = ReturnType<typeof echarts.init>;

/** Theme colours for charts, read from the CSS variables of the active theme. */
export function chartColors(): { line: string; fill: string; axis: string; text: string; accent: string; warn: string; error: string; ok: string; dim: string } {
  const s = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string): string => s.getPropertyValue(name).trim() || fallback;
  return {
    line: v('--chart-line', '#6fa8dc'),
    fill: v('--chart-fill', 'rgba(111,168,220,0.25)'),
    axis: v('--chart-axis', '#5d6878'),
    text: v('--text', '#c9d1dc'),
    accent: v('--accent', '#6fa8dc'),
    warn: v('--warn', '#d9b45f'),
    error: v('--error', '#e0787a'),
    ok: v('--ok', '#6fbf8e'),
    dim: v('--text-dim', '#8390a2'),
  };
}

/** Axis styling shared by every chart. */
export function axisStyle(c: ReturnType<typeof chartColors>): Record<string, unknown> {
  return {
    axisLine: { lineStyle: { color: c.axis } },
    axisTick: { lineStyle: { color: c.axis } },
    axisLabel: { color: c.dim, fontSize: 10 },
    splitLine: { lineStyle: { color: c.axis, opacity: 0.25 } },
    nameTextStyle: { color: c.dim, fontSize: 10 },
  };
}
