// Circuit breaker per department (pure: no timers, the clock is injected). A department that fails
// `failureThreshold` times in a row is skipped for `cooldownMs`, then one probe request decides: success closes
// the circuit, failure opens it for another cool-down. Only "not reached" outcomes count (down, timeout, 5xx);
// a department that answers with a GraphQL error is healthy.
export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  now?: () => number;
  onStateChange?: (department: string, state: CircuitState) => void;
}

export interface CircuitStatus {
  department: string;
  state: CircuitState;
  consecutiveFailures: number;
  lastError: string | null;
  lastFailureAt: string | null;
  lastSuccessAt: string | null;
  openedAt: string | null;
  /** When an open circuit lets the next probe through. */
  retryAt: string | null;
}

interface Circuit {
  state: CircuitState;
  failures: number;
  lastError: string | null;
  lastFailureAt: number | null;
  lastSuccessAt: number | null;
  openedAt: number | null;
  probing: boolean;
}

export type Admission = { allowed: true } | { allowed: false; retryAt: number; lastError: string | null };

export const DEFAULT_BREAKER = { failureThreshold: 5, cooldownMs: 30_000 };

export class CircuitBreakers {
  private circuits = new Map<string, Circuit>();
  private now: () => number;
  constructor(private opts: BreakerOptions) {
    if (!(opts.failureThreshold >= 1)) throw new Error('failureThreshold must be ≥ 1');
    if (!(opts.cooldownMs >= 0)) throw new Error('cooldownMs must be ≥ 0');
    this.now = opts.now ?? Date.now;
  }

  private get(department: string): Circuit {
    let c = this.circuits.get(department);
    if (!c) {
      c = { state: 'CLOSED', failures: 0, lastError: null, lastFailureAt: null, lastSuccessAt: null, openedAt: null, probing: false };
      this.circuits.set(department, c);
    }
    return c;
  }

  private move(department: string, c: Circuit, state: CircuitState) {
    if (c.state === state) return;
    c.state = state;
    this.opts.onStateChange?.(department, state);
  }

  /** Call before sending; a refused call must not be sent (and needs no success/failure report). */
  admit(department: string): Admission {
    const c = this.get(department);
    if (c.state === 'CLOSED') return { allowed: true };
    const retryAt = (c.openedAt ?? 0) + this.opts.cooldownMs;
    if (c.state === 'OPEN' && this.now() >= retryAt) {
      this.move(department, c, 'HALF_OPEN');
      c.probing = true;
      return { allowed: true };
    }
    // Half-open: one probe at a time; the others are skipped as if open.
    return { allowed: false, retryAt, lastError: c.lastError };
  }

  success(department: string) {
    const c = this.get(department);
    c.failures = 0;
    c.probing = false;
    c.lastSuccessAt = this.now();
    c.openedAt = null;
    this.move(department, c, 'CLOSED');
  }

  failure(department: string, reason: string) {
    const c = this.get(department);
    const now = this.now();
    c.failures++;
    c.lastError = reason;
    c.lastFailureAt = now;
    if (c.state === 'HALF_OPEN' || (c.state === 'CLOSED' && c.failures >= this.opts.failureThreshold)) {
      c.probing = false;
      c.openedAt = now;
      this.move(department, c, 'OPEN');
    }
  }

  state(department: string): CircuitState {
    return this.get(department).state;
  }

  status(departments: string[]): CircuitStatus[] {
    const iso = (t: number | null) => (t == null ? null : new Date(t).toISOString());
    return departments.map((department) => {
      const c = this.get(department);
      return {
        department,
        state: c.state,
        consecutiveFailures: c.failures,
        lastError: c.lastError,
        lastFailureAt: iso(c.lastFailureAt),
        lastSuccessAt: iso(c.lastSuccessAt),
        openedAt: iso(c.openedAt),
        retryAt: c.state === 'CLOSED' || c.openedAt == null ? null : iso(c.openedAt + this.opts.cooldownMs),
      };
    });
  }
}
