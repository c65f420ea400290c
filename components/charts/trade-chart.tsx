'use client';

import { useEffect, useRef } from 'react';
import { CandlestickSeries, ColorType, createChart, createSeriesMarkers, LineStyle, type UTCTimestamp } from 'lightweight-charts';

export interface TradeChartData {
  symbol: string;
  candles: { time: number; open: number; high: number; low: number; close: number }[];
  markers: { time: number; price: number; kind: 'entry' | 'exit'; text: string }[];
  lines: { entry: number; stop: number; target: number | null; exit: number | null };
}

const COLORS = { up: '#3fb950', down: '#f85149', text: '#8b949e', grid: '#21262d', entry: '#58a6ff', stop: '#f85149', target: '#3fb950', exit: '#d29922' };

/**
 * Candlesticks of one symbol around a position (lightweight-charts), with the entry and
 * exit as markers and the entry, stop, target and exit prices as horizontal lines.
 */
export function TradeChart({ data, height = 320 }: { data: TradeChartData; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = createChart(el, {
      height, autoSize: true,
      layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: COLORS.text, attributionLogo: false },
      grid: { vertLines: { color: COLORS.grid }, horzLines: { color: COLORS.grid } },
      timeScale: { timeVisible: true, secondsVisible: false, borderColor: COLORS.grid },
      rightPriceScale: { borderColor: COLORS.grid },
    });
    const series = chart.addSeries(CandlestickSeries, {
      upColor: COLORS.up, downColor: COLORS.down, wickUpColor: COLORS.up, wickDownColor: COLORS.down, borderVisible: false,
    });
    series.setData(data.candles.map((c) => ({ ...c, time: c.time as UTCTimestamp })));
    const line = (price: number, color: string, title: string, style = LineStyle.Dashed) =>
      series.createPriceLine({ price, color, lineWidth: 1, lineStyle: style, axisLabelVisible: true, title });
    line(data.lines.entry, COLORS.entry, 'entry', LineStyle.Solid);
    line(data.lines.stop, COLORS.stop, 'stop');
    if (data.lines.target !== null) line(data.lines.target, COLORS.target, 'target');
    if (data.lines.exit !== null) line(data.lines.exit, COLORS.exit, 'exit', LineStyle.Dotted);
    createSeriesMarkers(series, data.markers.map((m) => ({
      time: m.time as UTCTimestamp, position: m.kind === 'entry' ? 'belowBar' as const : 'aboveBar' as const,
      color: m.kind === 'entry' ? COLORS.entry : COLORS.exit, shape: m.kind === 'entry' ? 'arrowUp' as const : 'arrowDown' as const, text: m.text,
    })));
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [data, height]);
  return <div ref={ref} className="trade-chart" style={{ height }} data-testid="trade-chart" role="img"
    aria-label={`${data.symbol} candles with entry ${data.lines.entry}, stop ${data.lines.stop}${data.lines.target !== null ? `, target ${data.lines.target}` : ''}`} />;
}
