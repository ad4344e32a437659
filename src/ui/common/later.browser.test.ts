// Later renders its content in a task of its own: not in the task that mounts it, but after a timer turn.
import { createRawSnippet, flushSync, mount, unmount } from 'svelte';
import { describe, expect, it } from 'vitest';
import Later from './Later.svelte';

const text = (t: string) => createRawSnippet(() => ({ render: () => `<p class="late">${t}</p>` }));

describe('Later', () => {
  it('shows its content one task after mounting, keeping the space meanwhile', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const seen: string[][] = [];
    const a = mount(Later, { target: host, props: { children: text('first'), minHeight: 40 } });
    const b = mount(Later, { target: host, props: { children: text('second') } });
    flushSync();
    expect(host.querySelectorAll('.late')).toHaveLength(0);
    expect(host.querySelector<HTMLElement>('.later')!.style.minHeight).toBe('40px');
    await new Promise<void>((resolve) => {
      const tick = () => {
        seen.push([...host.querySelectorAll('.late')].map((p) => p.textContent ?? ''));
        if (seen.at(-1)!.length < 2) setTimeout(tick, 0);
        else resolve();
      };
      setTimeout(tick, 0);
    });
    expect(seen.at(-1)).toEqual(['first', 'second']);
    expect(host.querySelector('.later')).toBeNull();
    unmount(a);
    unmount(b);
    host.remove();
  });

  it('with perFrame, shows one per rendered frame, in creation order', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const laters = ['a', 'b', 'c'].map((t) => mount(Later, { target: host, props: { children: text(t), perFrame: true } }));
    flushSync();
    // What is shown at each frame: one timer turn per Later (the default) would show all three between two frames.
    const shown = () => [...host.querySelectorAll('.late')].map((p) => p.textContent ?? '');
    const frames: string[][] = [shown()];
    expect(frames[0]).toEqual([]);
    await new Promise<void>((resolve) => {
      const frame = () => {
        frames.push(shown());
        if (frames.at(-1)!.length < 3 && frames.length < 200) requestAnimationFrame(frame);
        else resolve();
      };
      requestAnimationFrame(frame);
    });
    for (let i = 1; i < frames.length; i++) expect(frames[i].length - frames[i - 1].length).toBeLessThanOrEqual(1);
    expect(frames.at(-1)).toEqual(['a', 'b', 'c']);
    laters.forEach((l) => unmount(l));
    host.remove();
  });
});
