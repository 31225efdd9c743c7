import { piston } from 'piston-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspace } from '../helpers/zuko.js';
import { call, metricSum, startServer, type RunningServer } from '../helpers/serve.js';

const ws = workspace();
let server: RunningServer;
const OPEN = {
  rate: { global: { max: 10_000, window_s: 60 }, per_ip: { max: 10_000, window_s: 60 }, concurrency_per_client: 64 },
  quota: { max: 10_000, window_s: 60 },
};
const CAPS = { body_bytes: 200_000, code_bytes: 10_000, stdin_bytes: 50_000, expected_output_bytes: 10_000, output_bytes: 64 * 1024 };

beforeAll(async () => {
  server = await startServer(ws, { ...OPEN, sizes: CAPS });
});

afterAll(async () => {
  await server?.stop();
  ws.remove();
});

const post = (path: string, body: unknown, headers?: Record<string, string>) => call(`${server.url}${path}`, 'POST', body, headers);
const get = (path: string) => call(`${server.url}${path}`, 'GET');

async function poll(token: string, query = ''): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const r = await get(`/submissions/${token}${query}`);
    if (r.json.status.id > 2) return r.json;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`submission ${token} never finished`);
}

describe('serve: the Zuko, online compiler and editor dialects', () => {
  it('runs Python with input and reports its statuses', async () => {
    const ok = await post('/api/v1/execute', { language: 'python', code: 'print(input()[::-1])', input_data: 'abc\n' });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ status: 'OK', stdout: 'cba\n', stderr: '', exit_code: 0 });
    expect(ok.json.memory_used).toBeGreaterThan(0);

    const crash = await post('/api/v1/execute', { language: 'python', code: 'import sys\nprint("x", file=sys.stderr)\nsys.exit(4)' });
    expect(crash.json).toMatchObject({ status: 'RUNTIME_ERROR', exit_code: 4, stderr: 'x\n' });

    const slow = await post('/api/v1/execute', { language: 'python', code: 'while True: pass', timeout: 0.5 });
    expect(slow.json.status).toBe('TIMEOUT');

    const broken = await post('/api/v1/execute', { language: 'cpp', code: 'int main( {' });
    expect(broken.json.status).toBe('COMPILE_ERROR');
    expect(broken.json.stderr).toMatch(/error/);
  });

  it("accepts the online compiler's language names and answers in its words", async () => {
    const cpp = await post('/run', { language: 'cpp', code: '#include <iostream>\nint main(){int a,b;std::cin>>a>>b;std::cout<<a+b<<"\\n";}', input: '2 3' });
    expect(cpp.json).toEqual({ status: 'success', stdout: '5\n', stderr: '' });
    const py = await post('/run', { language: 'python', code: 'raise ValueError("no")' });
    expect(py.json.status).toBe('runtime_error');
    expect(py.json.stderr).toMatch(/ValueError: no/);
    const ce = await post('/run', { language: 'c', code: 'int main() { return x; }' });
    expect(ce.json.status).toBe('compile_error');
  });

  it('gives the editor its output, exit code, duration and memory', async () => {
    const r = await post('/api/editor/run', { language: 'c', code: '#include <stdio.h>\nint main(){puts("hi");return 3;}' });
    expect(r.status).toBe(200);
    expect(r.json.output).toEqual({ stdout: 'hi\n', stderr: '', exitCode: 3 });
    expect(r.json.durationMs).toBeGreaterThanOrEqual(0);
    expect(r.json.memoryUsed).toBeGreaterThan(0);
  });
});

describe('serve: Piston v2 through the published piston-client', () => {
  it('lists runtimes under Piston names and runs programs by name and alias', async () => {
    const client = piston({ server: server.url });
    const runtimes = await client.runtimes();
    expect(runtimes).toContainEqual(expect.objectContaining({ language: 'python', aliases: expect.arrayContaining(['py']) }));
    expect(runtimes).toContainEqual(expect.objectContaining({ language: 'c++', aliases: expect.arrayContaining(['cpp']) }));

    const py = await client.execute('python', 'import sys\nprint(sys.argv[1:], input())', { stdin: 'in', args: ['a', 'b'] });
    expect(py.language).toBe('python');
    expect(py.run).toMatchObject({ stdout: "['a', 'b'] in\n", code: 0, signal: null });

    const cpp = await client.execute('c++', 'int main(){ return 0; }');
    expect(cpp.compile).toMatchObject({ code: 0 });
    expect(cpp.run.code).toBe(0);

    const ce = await client.execute({ language: 'c', files: [{ content: 'int main( {' }] });
    expect(ce.compile?.code).not.toBe(0);
    expect(ce.run.stderr).toMatch(/error/);
  });

  it('answers bad requests with a message naming what is wrong', async () => {
    const unknown = await post('/api/v2/execute', { language: 'cobol', version: '*', files: [{ content: 'x' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.message).toMatch(/cobol-\* runtime is unknown/);
    const noFiles = await post('/api/v2/execute', { language: 'python', version: '*' });
    expect(noFiles.status).toBe(400);
    expect(noFiles.json.message).toMatch(/^files:/);
    const tooLong = await post('/api/v2/execute', { language: 'python', version: '*', files: [{ content: 'print(1)' }], run_timeout: 10 ** 7 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.message).toMatch(/run_timeout cannot exceed/);
  });
});

describe('serve: Judge0 CE', () => {
  it('lists languages under Judge0 ids, the statuses and itself', async () => {
    const languages = await get('/languages');
    const ids = languages.json.map((l: { id: number }) => l.id);
    expect(ids).toEqual(expect.arrayContaining([50, 54, 62, 71]));
    expect((await get('/languages/71')).json).toMatchObject({ id: 71, name: 'Python 3' });
    expect((await get('/languages/9999')).status).toBe(404);
    const statuses = (await get('/statuses')).json;
    expect(statuses).toHaveLength(14);
    expect(statuses[2]).toEqual({ id: 3, description: 'Accepted' });
    // Judge0's clients pick language ids by the Judge0 release in `version`, and read /config_info on connect.
    expect((await get('/about')).json).toMatchObject({ version: '1.13.1', server: expect.stringMatching(/^zuko-judge \d+\.\d+/) });
    const config = (await get('/config_info')).json;
    expect(config).toMatchObject({ enable_wait_result: true, enable_batched_submissions: true, max_submission_batch_size: 20, enable_network: false });
    expect(config.cpu_time_limit).toBeGreaterThan(0);
    expect(config.max_cpu_time_limit).toBeGreaterThanOrEqual(config.cpu_time_limit);
  });

  it("gives only Judge0's own fields for fields=*, since clients set each one on their model", async () => {
    const all = await post('/submissions?wait=true&fields=*', { language_id: 71, source_code: 'print(1)' });
    expect(all.json.status.id).toBe(3);
    expect(all.json).toMatchObject({ language_id: 71, source_code: 'print(1)', stdout: '1\n', exit_code: 0 });
    expect(all.json).not.toHaveProperty('phase');
    const ours = await get(`/submissions/${all.json.token}?fields=phase,stdout_bytes`);
    expect(ours.json).toEqual({ phase: 'done', stdout_bytes: 2 });
  });

  it('runs with wait=true: accepted, wrong answer against expected_output, runtime errors by signal', async () => {
    const ac = await post('/submissions?wait=true', { language_id: 71, source_code: 'print(int(input())*2)  ', stdin: '21', expected_output: '42 \n\n' });
    expect(ac.status).toBe(201);
    expect(ac.json.status).toEqual({ id: 3, description: 'Accepted' });
    expect(ac.json.stdout).toBe('42\n');
    expect(ac.json.time).toMatch(/^\d+\.\d{3}$/);
    expect(ac.json.memory).toBeGreaterThan(0);
    expect(Object.keys(ac.json).sort()).toEqual(['compile_output', 'memory', 'message', 'status', 'stderr', 'stdout', 'time', 'token']);

    const wa = await post('/submissions?wait=true', { language_id: 71, source_code: 'print(41)', expected_output: '42' });
    expect(wa.json.status.id).toBe(4);
    const segv = await post('/submissions?wait=true&fields=status,exit_signal', { language_id: 50, source_code: 'int main(){volatile int*p=0;return *p;}' });
    expect(segv.json).toEqual({ status: { id: 7, description: 'Runtime Error (SIGSEGV)' }, exit_signal: 11 });
    const nzec = await post('/submissions?wait=true', { language_id: 54, source_code: 'int main(){return 2;}' });
    expect(nzec.json.status.id).toBe(11);
    const tle = await post('/submissions?wait=true', { language_id: 71, source_code: 'while True: pass', cpu_time_limit: 0.5 });
    expect(tle.json.status.id).toBe(5);
    const ce = await post('/submissions?wait=true', { language_id: 54, source_code: 'int main( {' });
    expect(ce.json.status).toEqual({ id: 6, description: 'Compilation Error' });
    expect(ce.json.compile_output).toMatch(/error/);
  });

  it('queues without wait and answers the token; a batch comes back in order', async () => {
    const created = await post('/submissions', {
      language_id: 62,
      source_code: 'public class Main { public static void main(String[] a) { System.out.println("java"); } }',
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json)).toEqual(['token']);
    const done = await poll(created.json.token, '?fields=stdout,status,language');
    expect(done).toMatchObject({ stdout: 'java\n', status: { id: 3 }, language: { id: 62 } });

    const batch = await post('/submissions/batch', {
      submissions: [
        { language_id: 71, source_code: 'print("one")' },
        { language_id: 50, source_code: '#include <stdio.h>\nint main(){puts("two");}' },
        { language_id: 71, source_code: 'print(1/0)' },
      ],
    });
    expect(batch.status).toBe(201);
    const tokens = batch.json.map((t: { token: string }) => t.token);
    expect(tokens).toHaveLength(3);
    for (const t of tokens) await poll(t);
    const shown = await get(`/submissions/batch?tokens=${tokens.join(',')},nope&fields=stdout,status_id`);
    expect(shown.json.submissions).toEqual([{ stdout: 'one\n', status_id: 3 }, { stdout: 'two\n', status_id: 3 }, { stdout: null, status_id: 11 }, null]);
  });

  it('round-trips binary output with base64_encoded=true and refuses it as text', async () => {
    const source = Buffer.from('import sys\nsys.stdout.buffer.write(bytes([0, 255, 254, 10]) + sys.stdin.buffer.read())').toString('base64');
    const stdin = Buffer.from([1, 2, 3, 200]).toString('base64');
    const r = await post('/submissions?wait=true&base64_encoded=true', { language_id: 71, source_code: source, stdin });
    expect(r.json.status.id).toBe(3);
    expect([...Buffer.from(r.json.stdout, 'base64')]).toEqual([0, 255, 254, 10, 1, 2, 3, 200]);
    const asText = await get(`/submissions/${r.json.token}`);
    expect(asText.status).toBe(400);
    expect(asText.json.error).toMatch(/base64_encoded=true/);
  });

  it('names the field of a bad request', async () => {
    const noLang = await post('/submissions', { source_code: 'print(1)' });
    expect(noLang.status).toBe(400);
    expect(noLang.json.field).toBe('language_id');
    const unknownLang = await post('/submissions', { language_id: 1234, source_code: 'x' });
    expect(unknownLang.json.error).toMatch(/language_id: language with id 1234 doesn't exist/);
    const badField = await get('/submissions/batch?tokens=a&fields=stdout,colour');
    expect(badField.status).toBe(400);
    expect(badField.json.error).toMatch(/invalid fields: \[colour\]/);
    const badItem = await post('/submissions/batch', { submissions: [{ language_id: 71, source_code: 'print(1)' }, { language_id: 71 }] });
    expect(badItem.status).toBe(400);
    expect(badItem.json.field).toBe('submissions.1.source_code');
    expect((await get('/submissions/no-such-token')).status).toBe(404);
  });
});

describe('serve: errors, documentation and metrics', () => {
  it('answers 400, 404, 413 and 415 with the field and what to do, and no internals', async () => {
    const missing = await post('/api/v1/execute', { code: 'print(1)' });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ field: 'language' });
    const unknown = await post('/api/v1/execute', { language: 'cobol', code: 'x' });
    expect(unknown.json.error).toMatch(/unknown language 'cobol'; known: .*python/);
    const notJson = await post('/run', '{"language":');
    expect(notJson.status).toBe(400);
    expect(notJson.json.field).toBe('body');
    expect((await get('/api/v1/nothing')).status).toBe(404);

    const bigCode = await post('/run', { language: 'python', code: '#'.repeat(CAPS.code_bytes + 1) });
    expect(bigCode.status).toBe(413);
    expect(bigCode.json.error).toBe(`code: ${CAPS.code_bytes + 1} bytes is over the cap of ${CAPS.code_bytes} bytes`);
    const bigInput = await post('/api/v1/execute', { language: 'python', code: 'print(1)', input_data: 'x'.repeat(CAPS.stdin_bytes + 1) });
    expect(bigInput.status).toBe(413);
    expect(bigInput.json.field).toBe('input_data');
    const bigBody = await post('/run', { language: 'python', code: 'print(1)', input: 'x'.repeat(CAPS.body_bytes) });
    expect(bigBody.status).toBe(413);
    expect(bigBody.json.error).toMatch(`cap of ${CAPS.body_bytes} bytes`);
    const xml = await call(`${server.url}/api/v1/execute`, 'POST', '<run/>', { 'content-type': 'application/xml' });
    expect(xml.status).toBe(415);
    expect(xml.json.field).toBe('Content-Type');

    for (const r of [missing, unknown, notJson, bigCode, bigBody, xml]) expect(JSON.stringify(r.json)).not.toMatch(/\/work|\/tmp|node_modules|at .*\.js/);
  });

  it('serves an OpenAPI document of every route', async () => {
    const doc = (await get('/docs')).json;
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/v1/execute',
      '/run',
      '/api/editor/run',
      '/submissions',
      '/submissions/{token}',
      '/api/v2/execute',
      '/api/v1/problems/{problem}/submissions',
      '/healthz',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(doc.paths['/api/v1/execute'].post.requestBody.content['application/json'].schema.required).toEqual(['language', 'code']);
  });

  it('reports health and metrics that move when programs run', async () => {
    const health = await get('/healthz');
    expect(health.json).toMatchObject({ ok: true, engine: true, images: true });
    const before = (await get('/metrics')).json as string;
    await post('/api/v1/execute', { language: 'python', code: 'print(1)' });
    await post('/api/v1/execute', { language: 'python', code: 'import sys; sys.exit(1)' });
    const after = (await get('/metrics')).json as string;
    const ok = (t: string) => metricSum(t, 'zuko_executions_total', { language: 'python', status: 'OK' });
    const rte = (t: string) => metricSum(t, 'zuko_executions_total', { language: 'python', status: 'RUNTIME_ERROR' });
    expect(ok(after) - ok(before)).toBe(1);
    expect(rte(after) - rte(before)).toBe(1);
    expect(metricSum(after, 'zuko_run_duration_seconds_count', { language: 'python' })).toBeGreaterThan(
      metricSum(before, 'zuko_run_duration_seconds_count', { language: 'python' }),
    );
    expect(metricSum(after, 'zuko_http_request_duration_seconds_count', { route: '/api/v1/execute' })).toBeGreaterThan(0);
    expect(after).toMatch(/^zuko_queue_depth 0$/m);
    expect(after).toMatch(/^zuko_compile_duration_seconds_count\{language="python",cached="true"\} \d+/m);
  });
});
