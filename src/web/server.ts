// `node out/main/webServer.js [--port N]`: the browser build. Serves ../renderer (next to
// this built file) and forks ./trainerWorker.js; prints one line with the URL.
// Runs on load: import startWebServer from ./webServer to embed the server (tests do).
import { join } from 'node:path';
import { parseServerArgs } from './args';
import { startWebServer } from './webServer';

async function main(): Promise<void> {
  let args;
  try {
    args = parseServerArgs(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(`netloom web: ${(err as Error).message}`);
    process.exit(2);
  }
  const server = await startWebServer({
    port: args.port,
    rendererDir: args.rendererDir ?? join(__dirname, '../renderer'),
    workerPath: join(__dirname, 'trainerWorker.js'),
    dataDir: args.dataDir,
  });
  console.log(`Netloom (browser build): ${server.url}`);
  const shutdown = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(`netloom web: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
