/** @module `bosun server`: starts the control plane in the foreground and stops it cleanly on SIGINT/SIGTERM. */
import { resolve } from "node:path";
import type { Command } from "commander";

export const defaultPort = 4601;

export function registerServerCommand(program: Command): void {
  program
    .command("server")
    .description("run the Bosun server (SQLite in the data folder unless BOSUN_DATABASE_URL is set)")
    .option("--listen <host>", "address to listen on", process.env.BOSUN_LISTEN ?? "127.0.0.1")
    .option("--port <port>", "port", process.env.BOSUN_PORT ?? String(defaultPort))
    .option("--data-dir <dir>", "data folder (BOSUN_DATA_DIR)", process.env.BOSUN_DATA_DIR ?? "./.bosun")
    .action(async (o: { listen: string; port: string; dataDir: string }) => {
      const env = process.env;
      const rootKeys =
        env.BOSUN_ROOT_ACCESS_KEY_ID && env.BOSUN_ROOT_SECRET_ACCESS_KEY
          ? { accessKeyId: env.BOSUN_ROOT_ACCESS_KEY_ID, secretAccessKey: env.BOSUN_ROOT_SECRET_ACCESS_KEY }
          : undefined;
      const dataDir = resolve(o.dataDir);
      // Loaded here, not at the top: every other bosun command (the agent on each node above all) stays light.
      const { startServer } = await import("./main.ts");
      const { s3ConfigFromEnv } = await import("./core/blobs/s3-blob-store.ts");
      const s3 = s3ConfigFromEnv(env);
      const server = await startServer({
        host: o.listen,
        port: Number(o.port),
        dataDir,
        ...(env.BOSUN_DATABASE_URL ? { databaseUrl: env.BOSUN_DATABASE_URL } : {}),
        ...(env.BOSUN_DATABASE_SCHEMA ? { databaseSchema: env.BOSUN_DATABASE_SCHEMA } : {}),
        ...(env.BOSUN_MASTER_KEY ? { masterKey: env.BOSUN_MASTER_KEY } : {}),
        ...(env.BOSUN_SWEEP_INTERVAL_MS ? { sweepIntervalMs: Number(env.BOSUN_SWEEP_INTERVAL_MS) } : {}),
        ...(env.BOSUN_PUBLIC_URL ? { publicUrl: env.BOSUN_PUBLIC_URL } : {}),
        ...(env.BOSUN_HEARTBEAT_INTERVAL_MS ? { heartbeatIntervalMs: Number(env.BOSUN_HEARTBEAT_INTERVAL_MS) } : {}),
        ...(env.BOSUN_MAX_NODES_PER_REGION ? { maxNodesPerRegion: Number(env.BOSUN_MAX_NODES_PER_REGION) } : {}),
        ...(rootKeys ? { rootKeys } : {}),
        ...(s3 ? { s3 } : {}),
        // Machine sources reach EC2/STS at AWS's endpoints with the SDK's credential chain unless these are set.
        aws: {
          ...(env.BOSUN_EC2_ENDPOINT ? { ec2Endpoint: env.BOSUN_EC2_ENDPOINT } : {}),
          ...(env.BOSUN_STS_ENDPOINT ? { stsEndpoint: env.BOSUN_STS_ENDPOINT } : {}),
        },
        httpLimits: {
          ...(env.BOSUN_MAX_CONNECTIONS ? { maxConnections: Number(env.BOSUN_MAX_CONNECTIONS) } : {}),
          ...(env.BOSUN_MAX_PENDING_BODY_BYTES ? { maxPendingBodyBytes: Number(env.BOSUN_MAX_PENDING_BODY_BYTES) } : {}),
        },
        ...(env.BOSUN_SYNC_RETENTION_SECONDS ? { syncRetentionMs: Number(env.BOSUN_SYNC_RETENTION_SECONDS) * 1000 } : {}),
      });
      const credentials =
        server.keysFrom === "environment"
          ? "from BOSUN_ROOT_ACCESS_KEY_ID / BOSUN_ROOT_SECRET_ACCESS_KEY"
          : `${server.credentialsPath} (profile [default])`;
      process.stdout.write(
        [
          `Bosun is listening on ${server.url}`,
          `  account id:        ${server.accountId}`,
          `  admin credentials: ${credentials}`,
          `  try: AWS_SHARED_CREDENTIALS_FILE=${server.credentialsPath} aws --endpoint-url ${server.url} --region us-east-1 ssm describe-parameters`,
          "",
        ].join("\n"),
      );
      const stop = (signal: string) => {
        server.log.info({ signal }, "shutting down");
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once("SIGINT", () => stop("SIGINT"));
      process.once("SIGTERM", () => stop("SIGTERM"));
    });
}
