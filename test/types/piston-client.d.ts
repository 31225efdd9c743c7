/** The published Piston client ships no types: the calls the tests make, as its README documents them. */
declare module 'piston-client' {
  interface Stage {
    stdout: string;
    stderr: string;
    output: string;
    code: number | null;
    signal: string | null;
  }
  interface Executed {
    language: string;
    version: string;
    run: Stage;
    compile?: Stage;
  }
  interface Client {
    runtimes(): Promise<Array<{ language: string; version: string; aliases: string[] }>>;
    execute(language: string, code: string, options?: { stdin?: string; args?: string[] }): Promise<Executed>;
    execute(request: { language: string; version?: string; files: Array<{ name?: string; content: string }> }): Promise<Executed>;
  }
  export function piston(options: { server: string }): Client;
}
