import { Subject, concatMap, defer, type Observable, type Subscription } from "rxjs";
import type { EngineEvent } from "../domain/engine-event.ts";
import type { EventSink, EventStream } from "../ports/driving/event-stream.ts";
import { token, type Token } from "../ports/token.ts";


/**
 * The engine's broadcast of facts. Emitting never waits: each sink attached with `attach`
 * gets its own ordered, unbounded queue, so a slow sink delays only itself and never makes the
 * engine drop, reorder or block on events.
 */
export class EventBus implements EventStream {
  readonly #subject = new Subject<EngineEvent>();

  get events$(): Observable<EngineEvent> {
    return this.#subject.asObservable();
  }

  emit(event: EngineEvent): void {
    this.#subject.next(event);
  }

  /** Delivers every event to `sink` in order; async handlers are awaited one after another. */
  attach(sink: EventSink, onError: (error: unknown) => void = () => {}): Subscription {
    return this.#subject
      .pipe(
        concatMap((event) =>
          defer(async () => {
            try {
              await sink.handle(event);
            } catch (error) {
              onError(error);
            }
          }),
        ),
      )
      .subscribe();
  }

  complete(): void {
    this.#subject.complete();
  }
}

export const EVENT_BUS: Token<EventBus> = token("event-bus");
