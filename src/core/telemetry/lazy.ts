// The OpenTelemetry SDK (~650 KiB bundled) is needed only when a team turns
// export on. Hosts create exporters through this file: the SDK is required on
// the first call, never at activation. The bundler maps './exporter' here to a
// bundle of its own (dist/telemetry-exporter.js, see scripts/build.mjs).
import type * as Exporter from './exporter';
import type { OtelExporter } from './exporter';
import type { OtelExporterOptions } from './options';

export type { OtelExporter } from './exporter';

export function createOtelExporter(options: OtelExporterOptions): OtelExporter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createOtelExporter: create } = require('./exporter') as typeof Exporter;
  return create(options);
}
