import net from 'node:net';
import { SandboxError } from '../util/errors.js';

/**
 * CPUs leased machine-wide, so that every zuko-judge process on a machine (a `serve`, an
 * `import`, a `rejudge`, workers) together runs at most one program per CPU at a time.
 *
 * A CPU's lease is an abstract Unix socket name, `\0<namespace>/cpu/<n>`, held by listening on
 * it. The kernel frees the name the moment its holder dies, however it dies, so a crashed judge
 * never leaves a stale lease behind and there is no file to clean up. A process that wants a CPU
 * held elsewhere connects to the holder's socket and waits: the holder sees the connection and,
 * at its next run's end (at once if the CPU is idle), closes its socket and drops the waiting
 * connections. The waiters see the close and race to listen; a loser connects to the new holder.
 * So two busy processes alternate on a CPU run by run instead of one starving the other.
 *
 * Abstract socket names are per network namespace: processes in separate containers don't see
 * each other's leases and must be given disjoint CPUs (`ZUKO_CPUS`).
 */
export class CpuLeases {
  private readonly cpus: Map<number, CpuState>;
  /** Local `take`s waiting for a CPU, first come first served. */
  private readonly waiters: Array<{ resolve: (cpu: number) => void; reject: (err: Error) => void }> = [];
  private closed = false;

  constructor(
    cpus: readonly number[],
    private readonly namespace = 'zuko-judge',
  ) {
    this.cpus = new Map(cpus.map((cpu) => [cpu, { held: null, busy: false, waiting: null, attempting: false, yieldedAt: 0 }]));
  }

  /** A CPU for one run; resolves once this process holds it machine-wide. */
  take(): Promise<number> {
    if (this.closed) return Promise.reject(new SandboxError('the sandbox is shut down'));
    for (const [cpu, state] of this.cpus) {
      if (state.held && !state.busy) {
        state.busy = true;
        return Promise.resolve(cpu);
      }
    }
    const taken = new Promise<number>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.pursue();
    return taken;
  }

  /** The run on `cpu` has ended. */
  give(cpu: number): void {
    const state = this.cpus.get(cpu);
    if (!state?.held) return;
    state.busy = false;
    if (state.held.visitors.size > 0) this.yieldCpu(state);
    else this.assign(cpu, state);
  }

  /** Drops every lease and fails every waiting `take`. */
  async close(): Promise<void> {
    this.closed = true;
    this.fail(new SandboxError('the sandbox is shut down'));
    this.stopWaiting();
    const closing: Array<Promise<void>> = [];
    for (const state of this.cpus.values()) {
      if (state.held) closing.push(unlisten(state.held));
      state.held = null;
    }
    await Promise.all(closing);
  }

  private name(cpu: number): string {
    return `\0${this.namespace}/cpu/${cpu}`;
  }

  /** A held, free CPU goes to the first local waiter, else stays held and idle. */
  private assign(cpu: number, state: CpuState): void {
    const next = this.waiters.shift();
    if (!next) return;
    state.busy = true;
    next.resolve(cpu);
    if (this.waiters.length === 0) this.stopWaiting();
  }

  /** Lets a process waiting elsewhere have the CPU: stop listening and drop its waiting connections. */
  private yieldCpu(state: CpuState): void {
    const held = state.held;
    if (!held) return;
    state.held = null;
    state.yieldedAt = Date.now();
    void unlisten(held);
    // Queue up behind the new holder at once (within the grace, `pursue` only connects, never
    // listens, so this can't take the CPU straight back before the waiter has it).
    if (this.waiters.length > 0) setTimeout(() => this.pursue(), RETRY_MS);
  }

  /** For every CPU this process neither holds nor already waits on: try to hold it, else wait on its holder. */
  private pursue(): void {
    if (this.closed || this.waiters.length === 0) return;
    for (const [cpu, state] of this.cpus) {
      if (state.held || state.waiting || state.attempting) continue;
      if (Date.now() - state.yieldedAt < YIELD_GRACE_MS) {
        this.waitOn(cpu, state);
        continue;
      }
      this.tryHold(cpu, state);
    }
  }

  private tryHold(cpu: number, state: CpuState): void {
    state.attempting = true;
    const server = net.createServer();
    const held: Held = { server, visitors: new Set() };
    server.on('connection', (socket) => this.visited(cpu, held, socket));
    server.once('error', (err: NodeJS.ErrnoException) => {
      state.attempting = false;
      server.close();
      if (this.closed) return;
      if (err.code === 'EADDRINUSE') this.waitOn(cpu, state);
      else this.fail(new SandboxError(`cannot lease CPU ${cpu}: ${err.message}`));
    });
    server.listen(this.name(cpu), () => {
      state.attempting = false;
      if (this.closed) {
        server.close();
        return;
      }
      state.held = held;
      // Nobody of ours wants it any more: let it go rather than sit on it.
      if (this.waiters.length === 0) this.yieldCpu(state);
      else this.assign(cpu, state);
    });
  }

  /**
   * Nothing of ours waits any more: hang up on the holders we queued at, or they would let their
   * CPUs go for us at their next run's end and leave them idle.
   */
  private stopWaiting(): void {
    for (const state of this.cpus.values()) {
      state.waiting?.destroy();
      state.waiting = null;
    }
  }

  /** Another process holds `cpu`: connect to it and try again when it lets go (or dies). */
  private waitOn(cpu: number, state: CpuState): void {
    const socket = net.connect(this.name(cpu));
    state.waiting = socket;
    // Someone holds it: the grace after our yield is over, and its hang-up means "try now".
    socket.once('connect', () => (state.yieldedAt = 0));
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.once('close', (hadError) => {
      if (state.waiting !== socket) return;
      state.waiting = null;
      // Refused: nobody listens any more (the holder let go or died between our attempts).
      if (hadError) setTimeout(() => this.pursue(), RETRY_MS);
      else this.pursue();
    });
  }

  /** Another process waits for a CPU we hold: an idle one goes to it at once, a busy one after this run. */
  private visited(cpu: number, held: Held, socket: net.Socket): void {
    const state = this.cpus.get(cpu);
    socket.on('error', () => undefined);
    if (!state || state.held !== held) {
      socket.destroy();
      return;
    }
    held.visitors.add(socket);
    socket.once('close', () => held.visitors.delete(socket));
    if (!state.busy) this.yieldCpu(state);
  }

  private fail(err: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(err);
  }
}

interface Held {
  server: net.Server;
  /** Connections of processes waiting for this CPU. */
  visitors: Set<net.Socket>;
}

interface CpuState {
  /** Our listening socket while we hold the CPU. */
  held: Held | null;
  busy: boolean;
  /** Our connection to the holder while another process holds it. */
  waiting: net.Socket | null;
  attempting: boolean;
  /** When we last let another process have it. */
  yieldedAt: number;
}

/** How long after letting a CPU go this process only waits for it rather than trying to take it back. */
const YIELD_GRACE_MS = 20;
/** Between a refused connection and the next attempt: the holder is going away. */
const RETRY_MS = 2;

/** Frees the name first, then hangs up on the waiters: they try to listen as soon as they see the hang-up. */
function unlisten(held: Held): Promise<void> {
  const closed = new Promise<void>((resolve) => held.server.close(() => resolve()));
  for (const socket of held.visitors) socket.destroy();
  held.visitors.clear();
  return closed;
}
