import { constants } from 'node:os';

const NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, num]) => [num, name]));

export function signalName(signal: number): string {
  return NAMES.get(signal) ?? `signal ${signal}`;
}
