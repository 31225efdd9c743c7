import Docker from 'dockerode';
import { errorMessage } from '../util/errors.js';

export type Log = (line: string) => void;

/** A client for the engine named by DOCKER_HOST, or the local socket. */
export function connect(): Docker {
  return new Docker();
}

export async function engineReachable(docker: Docker): Promise<string | null> {
  try {
    await withTimeout(docker.ping(), 5000, 'no answer from the Docker engine within 5 s');
    return null;
  } catch (err) {
    return errorMessage(err);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** For waiting out an outage: null while the engine answers a ping, else why it does not. */
export function engineProbe(docker: Docker): () => Promise<string | null> {
  return async () => {
    const problem = await engineReachable(docker);
    return problem === null ? null : `Docker engine unreachable (${problem})`;
  };
}
