// Command line of the browser build's server: `--port N` (0 or missing: any free port),
// `--renderer-dir DIR` (also NETLOOM_RENDERER_DIR) to serve another build of the UI, `--data-dir DIR`
// for saved projects (default ~/.netloom).
export interface ServerArgs {
  port: number;
  rendererDir?: string;
  /** `--data-dir DIR`: the projects folder (DIR/projects) and recovery file live here (default ~/.netloom). */
  dataDir?: string;
}

export function parseServerArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): ServerArgs {
  const args: ServerArgs = { port: 0 };
  if (env.NETLOOM_RENDERER_DIR) args.rendererDir = env.NETLOOM_RENDERER_DIR;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--port') {
      const text = value();
      const port = Number(text);
      if (!/^\d+$/.test(text) || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got ${JSON.stringify(text)}`);
      args.port = port;
    } else if (flag === '--renderer-dir') {
      args.rendererDir = value();
    } else if (flag === '--data-dir') {
      args.dataDir = value();
    } else {
      throw new Error(`unknown option ${JSON.stringify(argv[i])} (known: --port N, --renderer-dir DIR, --data-dir DIR)`);
    }
  }
  return args;
}
