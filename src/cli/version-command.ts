import { loadLanguages } from '../lang/config.js';
import { connect, withTimeout } from '../sandbox/engine.js';
import { imageBuilt, imageTags } from '../sandbox/images.js';
import { imageNames } from '../setup/setup.js';
import { errorMessage } from '../util/errors.js';
import { judgeVersion } from '../util/version.js';
import { out, table } from './output.js';

/**
 * `--version`: what a bug report needs: the judge's version, the engine's, and the image each
 * language runs in (tagged by the hash of its build context) and whether it is built. Never
 * starts or installs anything; an engine that doesn't answer is said so, with exit status 0.
 */
export async function printVersion(): Promise<void> {
  out(`zuko-judge ${judgeVersion()}`);
  const docker = connect();
  let engine: { Version?: string; ApiVersion?: string };
  try {
    engine = await withTimeout(docker.version(), 5000, 'no answer within 5 s');
  } catch (err) {
    out(`engine: unreachable (${errorMessage(err)})`);
    return;
  }
  out(`engine: Docker ${engine.Version ?? '?'} (API ${engine.ApiVersion ?? '?'})`);
  const languages = loadLanguages();
  const tags = imageTags(imageNames(languages));
  const rows = await Promise.all(
    Object.entries(tags).map(async ([name, tag]) => {
      const built = await imageBuilt(docker, tag).catch((err: unknown) => `unknown (${errorMessage(err)})`);
      const setup = name === 'base' || languages.setupImages.includes(name);
      return [name, tag, built === true ? 'built' : built === false ? (setup ? 'not built (zuko-judge setup)' : 'not built (built on first use)') : built];
    }),
  );
  out(table(['image', 'tag', 'state'], rows));
}
