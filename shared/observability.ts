/**
 * Powertools instances, created once per process. Service name, namespace and log level come from the
 * standard POWERTOOLS_* / LOG_LEVEL environment variables.
 *
 * No Tracer: it bundles the X-Ray SDK (~110 KB with cls-hooked and semver, and that SDK reaches end of support
 * on 2027-02-25) and enables async_hooks at import, which doubled the handler chain's CPU per call even with
 * tracing off. Lambda's active tracing (tracing: ACTIVE in the function construct) still records every
 * invocation, its init phase and duration in X-Ray without it; what is lost is the per-call subsegments of
 * DynamoDB, SES and SNS requests and the cold-start annotation (docs/performance.md, "Tracing").
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'skylark',
  // Resolves the middleware's correlationIdPath (a dotted path such as 'requestContext.requestId') into every
  // log line. A dotted path is all Skylark uses; full JMESPath would add ~22 KB to every bundle.
  correlationIdSearchFn: dottedPath,
});
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Skylark',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'skylark',
});

export { MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * Flushes the metrics an invocation recorded, as CloudWatch EMF. Unlike Powertools' logMetrics middleware, an
 * invocation that recorded none prints nothing (most requests record none; a warning each time is noise).
 */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/** The value at a dotted path ('a.b.c') of plain data, or undefined. */
export function dottedPath(expression: string, data: unknown): unknown {
  let value: unknown = data;
  for (const key of expression.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
