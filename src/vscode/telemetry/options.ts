// From the telemetry and team settings (plus secrets) to the core exporter's
// and team source's options. Pure (no `vscode`): unit-tested in plain Node.
// Settings only: unlike the CLI, the extension does not turn export on from
// OTEL_* variables of whatever shell started VS Code; the user sets it here.
import { z } from 'zod';
import { parseKeyValueList, type OtelExporterOptions } from '../../core/telemetry/options';

export interface TelemetrySettings {
  /** budgetAgent.telemetry.otlpEndpoint ('' = off). */
  otlpEndpoint: unknown;
  /** budgetAgent.telemetry.includeContent (user settings only). */
  includeContent: unknown;
  /** budgetAgent.telemetry.resourceAttributes: { team, user, …any resource attribute }. */
  resourceAttributes: unknown;
}

const attributeValue = z.union([z.string(), z.number().finite(), z.boolean()]).transform(String);
const resourceSchema = z.record(z.string().min(1).max(255), attributeValue);

/** Header names as HTTP allows them (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Validates the `key=value,key2=value2` text of *Set Telemetry Headers…*
 * (the OTEL_EXPORTER_OTLP_HEADERS format). Returns a problem, or undefined.
 * Values are never echoed: they are credentials.
 */
export function validateHeaderList(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  for (const [i, part] of text.split(',').entries()) {
    const eq = part.indexOf('=');
    const name = (eq > 0 ? part.slice(0, eq) : '').trim();
    if (!name) return `Entry ${i + 1} is not key=value.`;
    if (!HEADER_NAME.test(safeDecode(name))) return `"${name}" is not a valid header name.`;
    if (part.slice(eq + 1).trim() === '') return `The value of "${name}" is empty.`;
  }
  return undefined;
}

export interface TelemetryOptionsResult {
  /** Undefined: export is off (no endpoint, or an unusable one: see problems). */
  options?: OtelExporterOptions;
  problems: string[];
}

export function telemetryOptionsFrom(settings: TelemetrySettings, headersText: string | undefined, serviceVersion?: string): TelemetryOptionsResult {
  const problems: string[] = [];
  const endpoint = typeof settings.otlpEndpoint === 'string' ? settings.otlpEndpoint.trim() : '';
  if (!endpoint) return { problems };
  if (!isHttpUrl(endpoint)) {
    // The value is not echoed: a URL may carry credentials (user:pass@).
    problems.push('budgetAgent.telemetry.otlpEndpoint is not an http(s) URL (e.g. http://127.0.0.1:4318); telemetry export is off.');
    return { problems };
  }
  let attributes: Record<string, string> = {};
  if (settings.resourceAttributes !== undefined && settings.resourceAttributes !== null) {
    const parsed = resourceSchema.safeParse(settings.resourceAttributes);
    if (parsed.success) attributes = parsed.data;
    else problems.push('budgetAgent.telemetry.resourceAttributes must be an object of names to strings (e.g. { "team": "payments", "user": "alice" }); it is ignored.');
  }
  const { team, user, ...rest } = attributes;
  const headers = parseKeyValueList(headersText);
  const options: OtelExporterOptions = {
    endpoint,
    includeContent: settings.includeContent === true,
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(Object.keys(rest).length ? { resourceAttributes: rest } : {}),
    ...(team ? { team } : {}),
    ...(user ? { user } : {}),
    ...(serviceVersion ? { serviceVersion } : {}),
  };
  return { options, problems };
}

/** Authorization header for the team budget URL: a bare token is sent as Bearer; "Scheme credentials" as is. */
export function teamAuthHeaders(token: string | undefined): Record<string, string> | undefined {
  const t = token?.trim();
  if (!t) return undefined;
  return { authorization: /\s/.test(t) ? t : `Bearer ${t}` };
}

export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
