import { afterAll, describe, expect, it } from 'vitest';
import { limits, PROFILE, testSandbox } from '../helpers/runtime.js';

const t = testSandbox();
afterAll(() => t.sandbox.close());

const SUM = {
  'sum.c': '#include <stdio.h>\nint main(){long long a,b;scanf("%lld %lld",&a,&b);printf("%lld\\n",a+b);return 0;}',
  'sum.cpp': '#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<"\\n";}',
  'sum.py': 'a, b = map(int, input().split())\nprint(a + b)\n',
  'Adder.java':
    'import java.util.*;\npublic final class Adder { public static void main(String[] x) { Scanner s = new Scanner(System.in); System.out.println(s.nextLong() + s.nextLong()); } }\n',
};

describe('languages', () => {
  for (const [file, source] of Object.entries(SUM)) {
    it(`compiles and runs ${file}`, async () => {
      const built = await t.build(file, source);
      expect(built.ok, built.output).toBe(true);
      const lang = t.languages.languages.find((l) => l.extensions.includes(file.split('.').pop()!))!;
      const argv = built.argv.map((a) => a.replace('{memory_mib}', '256'));
      const r = await t.sandbox.runInContainer(
        t.images[lang.image],
        { ...PROFILE, memoryMib: 768, pids: lang.pids },
        {
          argv,
          files: built.files,
          stdin: Buffer.from('20 22\n'),
          limits: limits({ cpuMs: 5000, wallMs: 10000, memoryKb: 512 * 1024 }),
        },
      );
      expect(r.status, r.stderr.toString()).toBe('OK');
      expect(r.stdout.toString()).toBe('42\n');
    });
  }

  it('takes the Java class name from the source, and ships the classes as one jar (packages work)', async () => {
    const built = await t.build('whatever.java', SUM['Adder.java']);
    expect(built.files.map((f) => f.name)).toEqual(['main.jar']);
    expect(built.argv.at(-1)).toBe('Adder');
  });

  it('caches a compilation by language, source and image', async () => {
    const first = await t.build('again.cpp', `${SUM['sum.cpp']}\n// cache`);
    const again = await t.build('other-name.cpp', `${SUM['sum.cpp']}\n// cache`);
    expect(first.ok && again.ok).toBe(true);
    expect(first.cached).toBe(false);
    expect(again.cached).toBe(true);
    expect(again.files).toEqual(first.files);
  });
});

describe('compile errors', () => {
  it('reports a syntax error with the compiler output', async () => {
    const built = await t.build('bad.cpp', 'int main() { return 0 }');
    expect(built.ok).toBe(false);
    expect(built.output).toMatch(/error/);
  });

  it('ends a compiler reading /dev/urandom as a compile error within the limit', async () => {
    const started = Date.now();
    const built = await t.build('urandom.cpp', '#include </dev/urandom>\nint main(){}');
    expect(built.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(90_000);
  });

  it('ends runaway template recursion as a compile error', async () => {
    const built = await t.build(
      'templates.cpp',
      'template<int N> struct F { static const int v = F<N + 1>::v + F<N + 2>::v; };\nint main() { return F<0>::v; }',
    );
    expect(built.ok).toBe(false);
  });

  it('reports a Python syntax error as a compile error', async () => {
    const built = await t.build('bad.py', 'def f(:\n  pass\n');
    expect(built.ok).toBe(false);
    expect(built.output).toMatch(/SyntaxError/);
  });
});
