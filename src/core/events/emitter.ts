// A minimal synchronous fan-out for AgentEvents. Listeners that throw are
// isolated: one broken subscriber (say, a closed webview) must not stop a run.
import type { AgentEvent, EventListener } from './types';

export interface Disposable {
  dispose(): void;
}

export class EventStream {
  private readonly listeners = new Set<EventListener>();

  on(listener: EventListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  emit(event: AgentEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A subscriber's failure is its own; the run goes on.
      }
    }
  }
}
