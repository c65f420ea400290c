import { Gauge, type Registry } from 'prom-client';

/** A gauge family registered in `r` (every exported metric is a gauge read from PostgreSQL at scrape time). */
export const gaugeIn = (r: Registry) => (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [r] });
