export const STAMP: string;
export function sourceHash(): string;
export function builtHash(): string | null;
