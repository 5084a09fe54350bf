import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { NoteAutosave, type AutosaveStatus } from './note-autosave';

/** A server whose saves the test resolves or fails one by one. */
function server() {
  const calls: { body: string; resolve: () => void; reject: (error: Error) => void }[] = [];
  const save = (body: string) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ body, resolve, reject });
    });
  return { calls, save };
}

/** Lets the save's promise callbacks run (fake timers leave microtasks alone). */
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

describe('NoteAutosave', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('saves once after the agent pauses, not on every keystroke', async () => {
    const { calls, save } = server();
    const statuses: AutosaveStatus[] = [];
    const autosave = new NoteAutosave(save, (s) => statuses.push(s), '', { delayMs: 500 });
    for (const body of ['S', 'Sh', 'She', 'She c']) {
      autosave.input(body);
      jest.advanceTimersByTime(200);
    }
    expect(calls).toHaveLength(0);
    jest.advanceTimersByTime(300);
    expect(calls.map((c) => c.body)).toEqual(['She c']);
    calls[0].resolve();
    await settle();
    expect(statuses.map((s) => s.kind)).toEqual(['saving', 'saved']);
    expect(autosave.clean).toBe(true);
  });

  it('keeps one save in flight and sends what was typed meanwhile right after it', async () => {
    const { calls, save } = server();
    const autosave = new NoteAutosave(save, () => undefined, '', { delayMs: 100 });
    autosave.input('first');
    jest.advanceTimersByTime(100);
    autosave.input('first and more');
    jest.advanceTimersByTime(100);
    expect(calls.map((c) => c.body)).toEqual(['first']);
    calls[0].resolve();
    await settle();
    jest.advanceTimersByTime(100);
    expect(calls.map((c) => c.body)).toEqual(['first', 'first and more']);
  });

  it('tries a failed save again with growing waits, and reports each failure', async () => {
    const { calls, save } = server();
    const statuses: AutosaveStatus[] = [];
    const autosave = new NoteAutosave(save, (s) => statuses.push(s), '', { delayMs: 10, retryMs: 1000 });
    autosave.input('text');
    jest.advanceTimersByTime(10);
    calls[0].reject(new Error('offline'));
    await settle();
    expect(statuses.at(-1)).toEqual({ kind: 'failed', reason: 'offline', retryInMs: 1000 });
    jest.advanceTimersByTime(1000);
    calls[1].reject(new Error('offline'));
    await settle();
    expect(statuses.at(-1)).toEqual({ kind: 'failed', reason: 'offline', retryInMs: 2000 });
    jest.advanceTimersByTime(2000);
    calls[2].resolve();
    await settle();
    expect(statuses.at(-1)?.kind).toBe('saved');
    expect(calls.map((c) => c.body)).toEqual(['text', 'text', 'text']);
  });

  it('flushes at once when the note is completed, and does not save text the server already holds', async () => {
    const { calls, save } = server();
    const autosave = new NoteAutosave(save, () => undefined, 'restored after reload', { delayMs: 10_000 });
    await autosave.flush();
    expect(calls).toHaveLength(0);
    autosave.input('restored after reload, and more');
    const flushed = autosave.flush();
    expect(calls.map((c) => c.body)).toEqual(['restored after reload, and more']);
    calls[0].resolve();
    await flushed;
    expect(autosave.clean).toBe(true);
  });
});
