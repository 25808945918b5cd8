import type { Observable, Subscription } from "rxjs";
import type { EngineEvent } from "../../domain/engine-event.ts";
import { token, type Token } from "../token.ts";

/** Something that consumes engine events: the TUI, the headless printer, a log. */
export interface EventSink {
  handle(event: EngineEvent): void | Promise<void>;
}

/** The engine's events, for driving adapters. */
export interface EventStream {
  readonly events$: Observable<EngineEvent>;
  /** Delivers every event to `sink` in order, on the sink's own queue (a slow sink delays only itself). */
  attach(sink: EventSink, onError?: (error: unknown) => void): Subscription;
}

export const EVENT_STREAM: Token<EventStream> = token("event-stream");
