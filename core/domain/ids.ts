/**
 * Time-ordered, globally unique ids (UUID version 7, RFC 9562).
 *
 * Sessions and messages are synced between machines, so their ids must be unique
 * without a central counter; ordering messages by id must also give creation order.
 * Within one millisecond a monotonic counter keeps ids strictly increasing.
 */
let lastMs = -1;
let counter = 0;

export function newId(now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let ms = now;
  if (ms <= lastMs) {
    ms = lastMs;
    counter += 1;
    if (counter > 0xfff) {
      ms += 1;
      counter = 0;
    }
  } else {
    counter = bytes[6]! & 0x07; // random start leaves room to count upwards
  }
  lastMs = ms;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
