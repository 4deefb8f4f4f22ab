/**
 * Powertools instances, created once per process. Service name, namespace and log level come from the
 * standard POWERTOOLS_* / LOG_LEVEL environment variables.
 */
import { search } from '@aws-lambda-powertools/jmespath';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'skylark',
  // Resolves the middleware's correlationIdPath (the API Gateway request id) into every log line.
  correlationIdSearchFn: (expression, data) => search(expression, data as Parameters<typeof search>[1]),
});
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Skylark',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'skylark',
});
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'skylark' });

export { MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * Flushes the metrics an invocation recorded, as CloudWatch EMF. Unlike Powertools' logMetrics middleware, an
 * invocation that recorded none prints nothing (most requests record none; a warning each time is noise).
 */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
