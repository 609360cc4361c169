// The test harness's stand-in for the preload: window.certdesk over loopback HTTP instead of ipc.
// Built with esbuild and served next to the renderer; never part of the app.
import { createApi } from '../../shared/contract/api.js';
import type { ProgressEvent } from '../../shared/contract/define.js';
import type { Result } from '../../shared/errors.js';

// The harness puts its token in the page itself (see server.ts); take it and remove it from the DOM.
const meta = document.querySelector<HTMLMetaElement>('meta[name="certdesk-harness-token"]');
const token = meta?.content ?? '';
meta?.remove();
const auth = { authorization: `Bearer ${token}` };
const listeners = new Set<(event: ProgressEvent) => void>();
/** Events received per job id, so a job's answer is handed over only after its events (see post). */
const received = new Map<string, number>();
const arrivals = new Set<() => void>();

// Connected at load, like Electron's ipc, so a job's first progress event is never missed. A streamed
// fetch rather than EventSource, because only fetch can send the token in a header.
async function followEvents(): Promise<void> {
  const res = await fetch('/__certdesk/events', { headers: auth, cache: 'no-store' });
  if (!res.ok || !res.body) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffered += value;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      const event = JSON.parse(line) as ProgressEvent;
      received.set(event.jobId, (received.get(event.jobId) ?? 0) + 1);
      for (const l of listeners) l(event);
      for (const wake of arrivals) wake();
    }
  }
}
void followEvents().catch(() => undefined);

async function post(path: string, body: unknown, jobId?: string): Promise<Result<unknown>> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const result = (await res.json()) as Result<unknown>;
  if (jobId !== undefined) {
    await eventsOf(jobId, Number(res.headers.get('x-certdesk-job-events') ?? 0));
    received.delete(jobId);
  }
  return result;
}

/** Waits (at most 2 s, should the stream be gone) until `count` events of the job have arrived. */
function eventsOf(jobId: string, count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if ((received.get(jobId) ?? 0) < count) return;
      done();
    };
    const done = (): void => {
      arrivals.delete(check);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, 2000);
    arrivals.add(check);
    check();
  });
}

// Native dialogs do not exist in a browser: the harness asks with window.prompt, which a developer
// answers by hand and a Playwright test answers with page.on('dialog').
// A typed answer counts as the person's choice, as a native dialog's does in the app.
async function promptPath(title: string, kind: 'file' | 'folder'): Promise<Result<{ path: string | null }>> {
  const answer = window.prompt(title);
  if (answer === null || answer === '') return { ok: true, value: { path: null } };
  await post('/__certdesk/chosen', { kind, path: answer });
  return { ok: true, value: { path: answer } };
}

window.certdesk = createApi({
  invoke(name, input, options) {
    switch (name) {
      case 'dialog.openFile':
      case 'dialog.saveFile':
        return promptPath((input as { title: string }).title, 'file');
      case 'dialog.openFolder':
        return promptPath((input as { title: string }).title, 'folder');
      case 'shell.openExternal':
        return Promise.resolve({ ok: true, value: {} });
      default:
        return post(`/__certdesk/api/${encodeURIComponent(name)}`, { input, options }, options.jobId);
    }
  },
  onProgress(listener) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
  async cancel(jobId) {
    await post(`/__certdesk/cancel`, { jobId });
  },
}) as Window['certdesk'];
