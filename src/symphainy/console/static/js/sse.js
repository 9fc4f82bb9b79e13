// Server-Sent Events read with fetch: EventSource cannot send Authorization. The one reader of
// every stream the console follows (an execution's events, the tenant's pending approvals).
import { raw } from "./api.js";

/** Read the stream at `path` until `onFrame({ event, data })` (data parsed from JSON) returns
 * true; keep-alive comments are skipped. Throws "stream dropped" when the connection ends
 * first, and a ProblemError when the server refuses the stream. */
export async function readStream(path, signal, onFrame) {
  const res = await raw(path, { headers: { Accept: "text/event-stream" }, signal });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error("stream dropped");
    buffer += value;
    const frames = buffer.split("\n\n");
    buffer = frames.pop();
    for (const text of frames) {
      const frame = parse(text);
      if (frame && onFrame(frame)) { reader.cancel().catch(() => {}); return; }
    }
  }
}

function parse(text) {
  const lines = text.split("\n");
  const data = lines.find((l) => l.startsWith("data: "));
  if (!data) return null;
  const event = lines.find((l) => l.startsWith("event: "));
  return { event: event ? event.slice("event: ".length) : "message", data: JSON.parse(data.slice("data: ".length)) };
}
