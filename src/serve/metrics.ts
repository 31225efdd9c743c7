import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The server's Prometheus metrics, in a registry of its own (never the library's global one). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'zuko_' });
  return {
    registry,
    executions: new Counter({
      name: 'zuko_executions_total',
      help: 'Programs executed, by language and outcome status',
      labelNames: ['language', 'status'] as const,
      registers: [registry],
    }),
    compileSeconds: new Histogram({
      name: 'zuko_compile_duration_seconds',
      help: 'Compilation time, cache hits included',
      labelNames: ['language', 'cached'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    runSeconds: new Histogram({
      name: 'zuko_run_duration_seconds',
      help: 'Sandbox run time of one program, measured from the server',
      labelNames: ['language'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    queueDepth: new Gauge({ name: 'zuko_queue_depth', help: 'Executions waiting for a sandbox', registers: [registry] }),
    busySandboxes: new Gauge({ name: 'zuko_busy_sandboxes', help: 'Executions holding a sandbox now', registers: [registry] }),
    rateLimited: new Counter({
      name: 'zuko_rate_limit_rejections_total',
      help: 'Requests refused with 429 or 503, by the limit that refused them',
      labelNames: ['limit'] as const,
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: 'zuko_http_request_duration_seconds',
      help: 'HTTP request latency, by route and status code',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
