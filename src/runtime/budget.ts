/**
 * When the user's program must end, and why: its step and time budgets, the page's Stop,
 * and a program that took CPython's reference tracer away. The recorder asks after every
 * step (`overrun`; the WebAssembly recorder every 256 steps, and when it finds the tracer
 * gone, which it looks at every 64); `time.sleep`'s stand-in waits here (`sleep`) so that
 * a sleeping program still ends on time and on Stop.
 */
import type { RunEnd } from '../trace/types';

export interface RecorderLimits {
  maxSteps: number;
  maxSeconds: number;
  maxOutputBytes: number;
}

/** Why the run was asked to stop. */
export type StopReason = Extract<RunEnd, 'step-limit' | 'time-limit' | 'stopped'> | 'disturbed';

/** A private cell to block on with Atomics.wait where shared memory exists (Node, isolated pages). */
const sleepCell = typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(4)) : null;

/** How often, at most, the output and progress go to the page while the program runs. */
const TICK_MS = 100;

export class Budget {
  stopReason: StopReason | null = null;
  /** Set by the engine: true while CPython's reference tracer is still ours. */
  tracerIntact: () => boolean = () => true;
  private deadline = 0;
  private lastTick = 0;

  constructor(
    private readonly limits: RecorderLimits,
    /** The page's Stop flag (non-zero: stop), shared memory when the page is isolated. */
    private readonly interrupt: Int32Array | null,
    /** Called about every TICK_MS while steps run (the recorder sends output and progress). */
    private readonly onTick: () => void,
  ) {}

  start(): void {
    this.deadline = performance.now() + this.limits.maxSeconds * 1000;
    this.lastTick = performance.now();
  }

  /** Checked after every recorded step: true when the run must end (stopReason says why). */
  overrun(step: number): boolean {
    // The clock is read every 256 steps, the tracer every 64: both cost more than a step.
    if ((step & 255) === 0) this.checkClock();
    if (step + 1 >= this.limits.maxSteps) this.stopReason = 'step-limit';
    if ((step & 63) === 0 && !this.tracerIntact()) this.stopReason = 'disturbed';
    if (this.interrupt && this.interrupt[0] !== 0) this.stopReason = 'stopped';
    return this.stopReason !== null;
  }

  /**
   * `time.sleep` for the user's program: waits in slices so that the time budget and
   * Stop still apply. Returns false when the run must end instead (stopReason is set).
   */
  sleep(seconds: number): boolean {
    const until = performance.now() + seconds * 1000;
    const waiter = this.interrupt && this.interrupt.buffer instanceof SharedArrayBuffer ? this.interrupt : null;
    for (;;) {
      const now = performance.now();
      if (this.interrupt && this.interrupt[0] !== 0) this.stopReason = 'stopped';
      else if (now >= this.deadline) this.stopReason = 'time-limit';
      if (this.stopReason) return false;
      if (now >= until) return true;
      const slice = Math.min(until, this.deadline, now + 50) - now;
      // Atomics.wait on the interrupt buffer wakes at once when the page asks to stop.
      if (waiter) Atomics.wait(waiter, 0, 0, slice);
      else if (sleepCell) Atomics.wait(sleepCell, 0, 0, slice);
      else while (performance.now() < now + slice);
    }
  }

  private checkClock(): void {
    const now = performance.now();
    if (now > this.deadline) this.stopReason = 'time-limit';
    if (now - this.lastTick > TICK_MS) {
      this.lastTick = now;
      this.onTick();
    }
  }
}
