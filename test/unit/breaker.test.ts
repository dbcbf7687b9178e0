import { CircuitBreakers, type CircuitState } from '../../gateway/breaker';

describe('circuit breaker per department (injected clock)', () => {
  let now = 0;
  let changes: [string, CircuitState][];
  let b: CircuitBreakers;
  beforeEach(() => {
    now = 1_000_000;
    changes = [];
    b = new CircuitBreakers({ failureThreshold: 3, cooldownMs: 10_000, now: () => now, onStateChange: (d, s) => changes.push([d, s]) });
  });

  test('stays closed below the threshold; a success resets the count', () => {
    b.failure('ECO', 'down');
    b.failure('ECO', 'down');
    b.success('ECO');
    b.failure('ECO', 'down');
    b.failure('ECO', 'down');
    expect(b.state('ECO')).toBe('CLOSED');
    expect(b.admit('ECO')).toEqual({ allowed: true });
    expect(changes).toEqual([]);
  });

  test('opens after N consecutive failures and refuses until the cool-down has passed', () => {
    for (let i = 0; i < 3; i++) b.failure('ECO', `超时 ${i}`);
    expect(b.state('ECO')).toBe('OPEN');
    const refused = b.admit('ECO');
    expect(refused).toEqual({ allowed: false, retryAt: 1_010_000, lastError: '超时 2' });
    now += 9_999;
    expect(b.admit('ECO').allowed).toBe(false);
    // Other departments are unaffected.
    expect(b.admit('SAMR')).toEqual({ allowed: true });
    expect(changes).toEqual([['ECO', 'OPEN']]);
  });

  test('after the cool-down one probe goes through (half-open); others wait for it', () => {
    for (let i = 0; i < 3; i++) b.failure('ECO', 'down');
    now += 10_000;
    expect(b.admit('ECO')).toEqual({ allowed: true });
    expect(b.state('ECO')).toBe('HALF_OPEN');
    expect(b.admit('ECO').allowed).toBe(false);
  });

  test('a successful probe closes the circuit; a failed one reopens it for another cool-down', () => {
    for (let i = 0; i < 3; i++) b.failure('ECO', 'down');
    now += 10_000;
    b.admit('ECO');
    b.failure('ECO', 'still down');
    expect(b.state('ECO')).toBe('OPEN');
    expect(b.admit('ECO')).toMatchObject({ allowed: false, retryAt: now + 10_000 });
    now += 10_000;
    expect(b.admit('ECO').allowed).toBe(true);
    b.success('ECO');
    expect(b.state('ECO')).toBe('CLOSED');
    expect(b.admit('ECO')).toEqual({ allowed: true });
    expect(changes.map(([, s]) => s)).toEqual(['OPEN', 'HALF_OPEN', 'OPEN', 'HALF_OPEN', 'CLOSED']);
  });

  test('status reports state, failures, last error and when the next probe is due', () => {
    b.success('SAMR');
    for (let i = 0; i < 3; i++) b.failure('ECO', '连接被拒绝');
    const [samr, eco] = b.status(['SAMR', 'ECO']);
    expect(samr).toMatchObject({ department: 'SAMR', state: 'CLOSED', consecutiveFailures: 0, retryAt: null, lastSuccessAt: new Date(1_000_000).toISOString() });
    expect(eco).toMatchObject({
      department: 'ECO',
      state: 'OPEN',
      consecutiveFailures: 3,
      lastError: '连接被拒绝',
      openedAt: new Date(1_000_000).toISOString(),
      retryAt: new Date(1_010_000).toISOString(),
    });
  });

  test('rejects nonsensical settings', () => {
    expect(() => new CircuitBreakers({ failureThreshold: 0, cooldownMs: 1 })).toThrow();
    expect(() => new CircuitBreakers({ failureThreshold: 1, cooldownMs: -1 })).toThrow();
  });
});
