/**
 * The live board in the browser: reads the server's event stream of board updates and swaps the
 * table in place. An API key in the address's fragment (#key=…, never sent as part of the URL)
 * asks for the unfrozen judges' view. Reconnects with a growing pause when the stream drops.
 */
interface BoardEvent {
  status: string;
  table: string;
  updated: string;
}

const $ = (id: string) => document.getElementById(id)!;
const key = new URLSearchParams(location.hash.slice(1)).get('key');
const contest = decodeURIComponent(location.pathname.split('/')[2] ?? '');

function show(event: BoardEvent): void {
  $('status').innerHTML = event.status + (key ? ' &middot; <strong>judges\u2019 view (unfrozen)</strong>' : '');
  $('board').innerHTML = event.table;
  const updated = $('updated');
  updated.textContent = `Last updated ${new Date(event.updated).toLocaleTimeString()}`;
  delete updated.dataset.stale;
}

/** Splits a server-sent event stream into its `data:` payloads. */
async function* events(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      if (data) yield data;
    }
  }
}

async function follow(): Promise<void> {
  for (let pause = 1000; ; pause = Math.min(pause * 2, 30_000)) {
    try {
      const res = await fetch(`/api/v1/contests/${encodeURIComponent(contest)}/board/events${key ? '?unfrozen=true' : ''}`, {
        headers: key ? { 'X-Auth-Token': key } : {},
      });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => ({}))) as { error?: string };
        $('updated').textContent = `Cannot follow the board: ${body.error ?? res.statusText}`;
        if (res.status === 404 || res.status === 401) return;
      } else {
        for await (const data of events(res.body)) {
          show(JSON.parse(data) as BoardEvent);
          pause = 1000;
        }
      }
    } catch {
      // the connection dropped: say so and try again
    }
    $('updated').dataset.stale = '';
    $('updated').textContent = `Connection lost; retrying in ${Math.round(pause / 1000)} s`;
    await new Promise((r) => setTimeout(r, pause));
  }
}

void follow();
