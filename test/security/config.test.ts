// Production secrets, the development binding, the hub layout, CORS origins and /metrics in production
// (issue 14, findings 5, 8, 11).
import { DEV_SECRETS, hubConfigProblems, listenHost, secrets } from '../../shared/config';
import { corsOriginsFrom } from '../../gateway/limits';
import { metricsAllowed } from '../../shared/metrics';

const LONG_A = 'a'.repeat(24) + 'b'.repeat(24);
const LONG_B = 'c'.repeat(24) + 'd'.repeat(24);

describe('secrets', () => {
  test('development falls back to the published defaults', () => {
    expect(secrets({})).toEqual({ jwt: DEV_SECRETS.jwt, identity: DEV_SECRETS.identity });
  });

  test('production refuses missing, default, short and identical secrets, naming the fix', () => {
    const prod = (env: Record<string, string>) => () => secrets({ NODE_ENV: 'production', ...env });
    expect(prod({})).toThrow(/必须设置 JWT_SECRET 和 IDENTITY_SECRET/);
    expect(prod({ JWT_SECRET: DEV_SECRETS.jwt, IDENTITY_SECRET: LONG_B })).toThrow(/JWT_SECRET 是公开的开发默认值/);
    expect(prod({ JWT_SECRET: LONG_A, IDENTITY_SECRET: DEV_SECRETS.identity })).toThrow(/IDENTITY_SECRET 是公开的开发默认值/);
    expect(prod({ JWT_SECRET: 'x', IDENTITY_SECRET: LONG_B })).toThrow(/JWT_SECRET 只有 1 字节，生产环境至少需要 32 字节/);
    expect(prod({ JWT_SECRET: LONG_A, IDENTITY_SECRET: 'y'.repeat(31) })).toThrow(/至少需要 32 字节/);
    expect(prod({ JWT_SECRET: LONG_A, IDENTITY_SECRET: LONG_A })).toThrow(/不能相同/);
    expect(prod({ JWT_SECRET: LONG_A, IDENTITY_SECRET: LONG_B })()).toEqual({ jwt: LONG_A, identity: LONG_B });
  });
});

describe('where the gateway listens', () => {
  test('development binds loopback unless HOST says otherwise; production every interface', () => {
    expect(listenHost({})).toBe('127.0.0.1');
    expect(listenHost({ NODE_ENV: 'development' })).toBe('127.0.0.1');
    expect(listenHost({ NODE_ENV: 'production' })).toBe('0.0.0.0');
    expect(listenHost({ HOST: '10.0.0.5' })).toBe('10.0.0.5');
  });
});

describe('hub layout', () => {
  const base = () => ({
    gateway: { port: 4000 },
    jointInspection: { port: 4001 },
    departments: [
      { code: 'SAMR', name: '市场监督管理局', port: 4101 },
      { code: 'ECO', name: '生态环境局', port: 4102 },
    ],
  });

  test('the committed layout is fine', () => {
    expect(hubConfigProblems(base())).toEqual([]);
  });

  test('a WHATWG bad port (6000) is refused with the reason and a port to use instead', () => {
    const c = base();
    c.departments[1]!.port = 6000;
    const [p] = hubConfigProblems(c);
    expect(p).toMatch(/departments\[1\]（ECO） 的端口 6000 在浏览器和 Node 的 fetch 禁止连接的端口表/);
    expect(p).toMatch(/请换一个端口，例如 6001/);
  });

  test('out-of-range ports, clashes, bad URLs and duplicate codes are each named', () => {
    const c = base() as ReturnType<typeof base> & { jointInspection: { port: number; url?: string } };
    c.gateway.port = 70000;
    c.jointInspection.url = 'ftp://joint/graphql';
    c.departments.push({ code: 'SAMR', name: '重复', port: 4101 });
    const problems = hubConfigProblems(c).join('\n');
    expect(problems).toMatch(/gateway 的端口 70000 无效/);
    expect(problems).toMatch(/jointInspection 的地址 ftp:\/\/joint\/graphql 应以 http:\/\/ 或 https:\/\/ 开头/);
    expect(problems).toMatch(/部门代码 SAMR 重复出现/);
    expect(problems).toMatch(/与 departments\[0\]（SAMR） 用了同一个端口 4101/);
  });

  test('a URL on a bad port is refused too', () => {
    const c = base() as { departments: { code: string; name: string; port: number; url?: string }[] };
    c.departments[0]!.url = 'http://10.0.0.2:6667/graphql';
    expect(hubConfigProblems(c).join('\n')).toMatch(/被禁止连接的端口 6667/);
  });
});

describe('CORS origins', () => {
  test('exact origins only: a path, a trailing slash or a wildcard is refused at start', () => {
    expect(corsOriginsFrom(undefined)).toEqual([]);
    expect(corsOriginsFrom('https://jg.example.gov.cn, http://localhost:5173')).toEqual(['https://jg.example.gov.cn', 'http://localhost:5173']);
    for (const bad of ['*', 'https://a.example/', 'https://a.example/app', 'jg.example.gov.cn']) expect(() => corsOriginsFrom(bad)).toThrow(/CORS_ORIGINS/);
  });
});

describe('/metrics in production', () => {
  test('open in development, refused in production without a token, token required when set', () => {
    expect(metricsAllowed(undefined, undefined, false)).toBe(true);
    expect(metricsAllowed(undefined, undefined, true)).toBe(false);
    expect(metricsAllowed('Bearer m-token', 'm-token', true)).toBe(true);
    expect(metricsAllowed('Bearer other', 'm-token', true)).toBe(false);
  });
});
