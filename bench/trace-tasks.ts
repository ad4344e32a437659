// JOURNEY_TRACE=<folder>: the journey bench also records a Chromium trace (devtools.timeline) and a V8 CPU profile
// of the app's page, and says for every main-thread task over 50 ms which step it fell in, its wall time, its CPU
// time (the trace's thread duration: what a shared, loaded machine inflates least), the trace events inside it
// (script evaluation, function calls, style, layout, paint, GC) and the functions the profiler sampled in it.
// Tasks of over 25 ms CPU are listed too (on an idle machine wall is about CPU). Written to
// <folder>/journey-tasks.txt, with the raw trace and profile beside it; the bench's own numbers are unchanged.
// `npx tsx bench/trace-tasks.ts <folder>` writes the report again from the raw files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> } & Record<string, unknown>;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8.execute', 'blink.user_timing'];
/** Events worth naming inside a task. */
const INSIDE = new Set(['EvaluateScript', 'v8.compile', 'v8.compileModule', 'v8.evaluateModule', 'FunctionCall', 'TimerFire', 'EventDispatch', 'FireAnimationFrame', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'ParseHTML', 'MajorGC', 'MinorGC', 'V8.GC_MARK_COMPACTOR', 'RunMicrotasks', 'v8.run', 'ScheduleStyleRecalculation', 'HitTest', 'IntersectionObserverController::computeIntersections', 'UpdateLayer', 'CommitLoad', 'ResourceReceivedData']);

export class TaskTrace {
  private cdp: CDPSession | undefined;
  constructor(
    private browser: Browser,
    private page: Page,
    private dir: string,
  ) {}

  async start(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    await this.browser.startTracing(this.page, { categories: CATEGORIES });
    this.cdp = await this.page.context().newCDPSession(this.page);
    await this.cdp.send('Profiler.enable');
    await this.cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await this.cdp.send('Profiler.start');
    // Starting and stopping the profiler are long tasks of their own (100-200 ms CPU): only what lies between
    // these two marks is reported.
    await this.page.evaluate((m) => console.timeStamp(m), WINDOW_START);
  }

  /** Stops both recordings and writes the report; `steps` are the journey's labels in order. */
  async stop(steps: string[]): Promise<void> {
    await this.page.evaluate((m) => console.timeStamp(m), WINDOW_END);
    const { profile } = (await this.cdp!.send('Profiler.stop')) as { profile: CpuProfile };
    const buffer = await this.browser.stopTracing();
    writeFileSync(path.join(this.dir, 'journey-trace.json'), buffer);
    writeFileSync(path.join(this.dir, 'journey.cpuprofile'), JSON.stringify(profile));
    writeReport(this.dir, steps[0] ?? '');
  }
}

/** Reads <dir>/journey-trace.json and journey.cpuprofile, writes <dir>/journey-tasks.txt. */
export function writeReport(dir: string, firstStep: string): void {
  const events = (JSON.parse(readFileSync(path.join(dir, 'journey-trace.json'), 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const profile = JSON.parse(readFileSync(path.join(dir, 'journey.cpuprofile'), 'utf8')) as CpuProfile;
  writeFileSync(path.join(dir, 'journey-tasks.txt'), report(events, profile, firstStep));
  console.error(`[bench] journey trace: ${path.join(dir, 'journey-tasks.txt')}`);
}

/** Step marks are console.timeStamp('journey:<label>') calls, so they sit on the app's main thread in the trace. */
export const STEP_PREFIX = 'journey:';
const WINDOW_START = 'journey-trace:start';
const WINDOW_END = 'journey-trace:end';

function report(events: TraceEvent[], profile: CpuProfile, firstStep: string): string {
  const marks = events.filter((e) => e.name === 'TimeStamp' && String(e.args?.data?.message ?? '').startsWith(STEP_PREFIX));
  const main = marks[0] ?? events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return 'no main thread found in the trace\n';
  const { pid, tid } = main;
  const at = (m: string) => events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === m)?.ts;
  const from = at(WINDOW_START) ?? -Infinity;
  const to = at(WINDOW_END) ?? Infinity;
  const mine = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.ts > from && e.ts < to).sort((a, b) => a.ts - b.ts);
  const stepAt = (ts: number) => {
    let label = firstStep;
    for (const m of marks) if (m.ts <= ts) label = String(m.args!.data!.message).slice(STEP_PREFIX.length);
    return label;
  };
  // A task can be recorded under both names, one inside the other: the outermost counts once.
  const all: TraceEvent[] = [];
  for (const e of mine)
    if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') {
      const last = all.at(-1);
      if (!last || e.ts >= last.ts + last.dur!) all.push(e);
    }
  const perStep = new Map<string, { wall: number; cpu: number }>();
  for (const task of all) {
    const step = stepAt(task.ts);
    const s = perStep.get(step) ?? { wall: 0, cpu: 0 };
    perStep.set(step, { wall: Math.max(s.wall, task.dur! / 1000), cpu: Math.max(s.cpu, (task.tdur ?? task.dur!) / 1000) });
  }
  const tasks = all.filter((e) => e.dur! > 50_000 || (e.tdur ?? 0) > 25_000);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sampleTimes: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) sampleTimes.push((t += d));

  const lines: string[] = [`${tasks.length} main-thread tasks over 50 ms wall or 25 ms CPU, pid ${pid} tid ${tid}`, ''];
  for (const task of tasks) {
    const end = task.ts + task.dur!;
    const step = stepAt(task.ts);
    const cpu = (task.tdur ?? task.dur!) / 1000;
    lines.push(`== ${step}: ${(task.dur! / 1000).toFixed(1)} ms wall, ${cpu.toFixed(1)} ms CPU`);
    const inside = mine.filter((e) => e !== task && e.ts >= task.ts && e.ts < end && INSIDE.has(e.name) && (e.dur ?? 0) > 2000);
    for (const e of inside.slice(0, 40)) lines.push(`   ${((e.ts - task.ts) / 1000).toFixed(1).padStart(6)} +${((e.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms (cpu ${((e.tdur ?? 0) / 1000).toFixed(1)})  ${e.name} ${detail(e)}`);
    // Profiler samples in the task: self time per function, and time per app function on the stack.
    const self = new Map<string, number>();
    const onStack = new Map<string, number>();
    for (let k = 0; k < profile.samples.length; k++) {
      const ts = sampleTimes[k];
      if (ts < task.ts || ts >= end) continue;
      const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
      let node = byId.get(profile.samples[k]);
      if (!node) continue;
      self.set(frame(node), (self.get(frame(node)) ?? 0) + dt);
      const seen = new Set<string>();
      for (; node; node = byId.get(parent.get(node.id) ?? -1)) {
        const f = frame(node);
        if (!node.callFrame.url.includes('/assets/') || seen.has(f)) continue;
        seen.add(f);
        onStack.set(f, (onStack.get(f) ?? 0) + dt);
      }
    }
    const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
    lines.push('   self:  ' + top(self, 10).map(([f, ms]) => `${f} ${ms.toFixed(1)}`).join(' | '));
    lines.push('   stack: ' + top(onStack, 14).map(([f, ms]) => `${f} ${ms.toFixed(1)}`).join(' | '));
    lines.push('');
  }
  lines.push('Per step, the longest task by wall time and by CPU time (ms; the two may be different tasks)');
  for (const [step, s] of perStep) lines.push(`  ${s.wall.toFixed(0).padStart(5)} ${s.cpu.toFixed(0).padStart(5)}  ${step}`);
  return lines.join('\n') + '\n';
}

function detail(e: TraceEvent): string {
  const d = e.args?.data ?? {};
  if (d.functionName || d.url) return `${String(d.functionName ?? '')} ${short(String(d.url ?? ''))}:${String(d.lineNumber ?? '')}`;
  if (e.name === 'Layout') return `${String((e.args?.beginData as Record<string, unknown> | undefined)?.dirtyObjects ?? '')} objects`;
  if (d.type) return String(d.type);
  return '';
}

function frame(n: ProfileNode): string {
  const { functionName, url, lineNumber } = n.callFrame;
  return `${functionName || '(anon)'}@${short(url)}:${lineNumber + 1}`;
}

const short = (url: string) => url.replace(/^.*\/assets\//, '').replace(/^https?:\/\/[^/]+\//, '');

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) writeReport(process.argv[2] ?? '.', 'demo: first load and demo import');
