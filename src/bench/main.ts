import { cacheDir, openRuntime } from '../cli/runtime.js';
import { info } from '../cli/output.js';
import { benchCli } from './cli-bench.js';
import { benchContest, benchJudging } from './judge-bench.js';
import { benchInteractive } from './interactive-bench.js';
import { benchLeases } from './lease-bench.js';
import { benchSandbox } from './sandbox-bench.js';
import { DockerSandbox } from '../sandbox/sandbox.js';
import { benchServe } from './serve-bench.js';
import { benchDatabase, benchQueue } from './queue-bench.js';
import { fmt } from './stats.js';

/** `npm run bench`: every speed figure of the project, measured in one run on this machine. */
async function main(): Promise<void> {
  const runtime = await openRuntime(info);
  const log = (line: string) => console.log(line);
  try {
    console.log(`# zuko-judge benchmark (${runtime.sandbox.concurrency} CPUs)\n`);
    console.log('## Sandbox');
    const s = await benchSandbox(runtime.engine.docker, runtime.sandbox, runtime.languages, cacheDir(), log);
    console.log(`ratio container-per-test / zuko-judge: ${fmt(s.containerMs / s.zukoMs)}x`);
    console.log(`ratio shipped-every-test / staged-once: ${fmt(s.shippedEveryTestMs / s.zukoMs)}x`);
    console.log(`ratio per-submission cold / warm spare: ${fmt(s.perSubmissionColdMs / s.perSubmissionMs)}x`);
    console.log(`ratio zuko-judge / bare fork-exec:     ${fmt(s.zukoMs / s.forkMs)}x`);
    console.log(`target: overhead <= 5 ms median: ${s.zukoMs <= 5 ? 'met' : 'NOT met'}\n`);
    console.log('## CPU leases between judge processes');
    const leases = await benchLeases(log);
    console.log(`ratio runs shared / alone: ${fmt(leases.sharedRuns / leases.aloneRuns)}x (1 = no CPU time lost to hand-overs)\n`);
    console.log('## Interactive');
    const i = await benchInteractive(runtime.sandbox, runtime.languages, cacheDir(), log);
    console.log(`ratio sandbox / host pipe: ${fmt(i.sandboxMs / i.hostMs)}x\n`);
    console.log('## Judging');
    await benchJudging(runtime, log);
    const cli = await benchCli(log);
    console.log(`ratio submit end to end / bare Node start-up: ${fmt(cli.submitMs / cli.nodeMs)}x`);
    console.log(`target: zuko-judge submit of a 100-test a+b C++ program <= 3 s: ${cli.submitMs <= 3000 ? 'met' : 'NOT met'}`);
    console.log('\n## Contest rejudge, per reuse policy');
    const strict = await benchContest(runtime, 'owner', 'demo', 'submissions/demo/manifest.csv', log);
    // The same rejudge with containers passed from one submission to the next after their verified clean-up.
    const reusing = new DockerSandbox(runtime.engine.docker, { reuse: 'verified', images: runtime.engine.images, ensureImage: runtime.engine.ensureImage });
    try {
      const verified = await benchContest({ ...runtime, sandbox: reusing }, 'verified', 'demo', 'submissions/demo/manifest.csv', log);
      console.log(`ratio owner / verified: ${fmt(strict / verified)}x (what never sharing a container costs)`);
    } finally {
      await reusing.close();
    }
    console.log('\n## Service (zuko-judge serve over HTTP against the same program spawned on the host)');
    await benchServe(log);
    console.log('\n## Judge workers on one PostgreSQL queue (the demo contest, import --enqueue-only, worker --until-idle)');
    await benchQueue(await benchDatabase(info), log);
  } finally {
    await runtime.close();
  }
}

await main();
