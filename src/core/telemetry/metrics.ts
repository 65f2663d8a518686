// The metric instruments: the two GenAI client histograms and our cost and
// tool-call counters. Attributes are kept low-cardinality (provider, model,
// operation, token type, tool name): team and user ride on the resource.
import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import type { EventOf } from '../events/types';
import {
  BA_TOOL_OK,
  DURATION_BUCKETS_S,
  GEN_AI_OPERATION_NAME,
  GEN_AI_PROVIDER_NAME,
  GEN_AI_REQUEST_MODEL,
  GEN_AI_TOKEN_TYPE,
  GEN_AI_TOOL_NAME,
  METRIC_COST,
  METRIC_OPERATION_DURATION,
  METRIC_TOKEN_USAGE,
  METRIC_TOOL_CALLS,
  OP_CHAT,
  OP_EXECUTE_TOOL,
  TOKEN_TYPE_INPUT,
  TOKEN_TYPE_OUTPUT,
  TOKEN_USAGE_BUCKETS,
} from './attributes';

export class GenAiMetrics {
  private readonly tokenUsage: Histogram;
  private readonly duration: Histogram;
  private readonly costCounter: Counter;
  private readonly toolCalls: Counter;

  constructor(meter: Meter) {
    this.tokenUsage = meter.createHistogram(METRIC_TOKEN_USAGE, {
      description: 'Number of input and output tokens used.',
      unit: '{token}',
      advice: { explicitBucketBoundaries: TOKEN_USAGE_BUCKETS },
    });
    this.duration = meter.createHistogram(METRIC_OPERATION_DURATION, {
      description: 'GenAI operation duration.',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
    });
    this.costCounter = meter.createCounter(METRIC_COST, {
      description: 'Money spent by agent runs (model and tool calls), as charged to the budget ledger.',
      // An annotation, not a UCUM unit: Prometheus exporters drop it, so the series
      // stays budget_agent_cost_usd_total rather than gaining a _USD suffix.
      unit: '{USD}',
    });
    this.toolCalls = meter.createCounter(METRIC_TOOL_CALLS, {
      description: 'Tool calls executed by agent runs.',
      unit: '{call}',
    });
  }

  modelCall(event: EventOf<'model_call'>, provider: string): void {
    const base: Attributes = {
      [GEN_AI_OPERATION_NAME]: OP_CHAT,
      [GEN_AI_PROVIDER_NAME]: provider,
      [GEN_AI_REQUEST_MODEL]: event.model,
    };
    // Zero is a real measurement (a call that returned nothing), so it is recorded too.
    this.tokenUsage.record(event.inputTokens, { ...base, [GEN_AI_TOKEN_TYPE]: TOKEN_TYPE_INPUT });
    this.tokenUsage.record(event.outputTokens, { ...base, [GEN_AI_TOKEN_TYPE]: TOKEN_TYPE_OUTPUT });
    this.duration.record(Math.max(0, event.latencyMs) / 1000, base);
    // Add zero too, so a free local model still shows up as a $0 series.
    this.cost(event.usd, base);
  }

  /** `usd`: the ledger's price for this call (see RunSpans.spend). */
  toolCall(event: EventOf<'tool_call'>, usd: number): void {
    this.toolCalls.add(1, {
      [GEN_AI_OPERATION_NAME]: OP_EXECUTE_TOOL,
      [GEN_AI_TOOL_NAME]: event.name,
      [BA_TOOL_OK]: event.ok,
    });
    this.cost(usd, { [GEN_AI_OPERATION_NAME]: OP_EXECUTE_TOOL, [GEN_AI_TOOL_NAME]: event.name });
  }

  cost(usd: number, attributes: Attributes): void {
    // A counter must never go down: a negative or NaN value is dropped.
    if (usd >= 0) this.costCounter.add(usd, attributes);
  }
}
