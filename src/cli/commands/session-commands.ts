/**
 * @module `bosun session …`: Session Manager without the AWS CLI. `shell`, `run`, `forward` and `ssh-proxy` start a
 * session and carry it as the session-manager-plugin does; `list` shows active sessions (or the history); `replay`
 * plays a session's recording in the terminal, at its own pace or faster.
 */

import type { Command } from "commander";
import { isRecordingNote, readCast } from "../../protocol/session/asciicast.ts";
import { apiSessionServices, runSession } from "../session-manager-plugin.ts";
import { toTableText } from "../table-output.ts";
import { type ApiOptions, apiClient, withApiOptions } from "./common-options.ts";

interface StartAnswer {
  SessionId: string;
  TokenValue: string;
  StreamUrl: string;
}

async function start(o: ApiOptions, request: { Target: string; DocumentName?: string; Parameters?: Record<string, string[]> }) {
  const api = await apiClient(o);
  const answer = await api.call<StartAnswer>("AmazonSSM.StartSession", request);
  process.exitCode = await runSession(
    answer,
    request,
    apiSessionServices(async () => api, answer.SessionId),
  );
}

export function registerSessionCommands(program: Command): void {
  const session = program.command("session").description("shells, commands and port forwards on managed nodes (Session Manager)");

  withApiOptions(session.command("shell").description("open a shell on a node"))
    .requiredOption("--target <id>", "the managed node (mi-…)")
    .action((o: ApiOptions & { target: string }) => start(o, { Target: o.target }));

  withApiOptions(session.command("run").description("run a command on a node and stream its output (no terminal)"))
    .requiredOption("--target <id>", "the managed node (mi-…)")
    .requiredOption("--command <command>", "the command, run by sh")
    .action((o: ApiOptions & { target: string; command: string }) =>
      start(o, { Target: o.target, DocumentName: "AWS-StartNonInteractiveCommand", Parameters: { command: [o.command] } }),
    );

  withApiOptions(session.command("forward").description("forward a local port to a port on the node (or on a host it reaches)"))
    .requiredOption("--target <id>", "the managed node (mi-…)")
    .requiredOption("--port <port>", "the port on the node, or on --host")
    .option("--local-port <port>", "the local port (0: any free port)", "0")
    .option("--host <host>", "a host the node connects to, instead of itself")
    .action((o: ApiOptions & { target: string; port: string; localPort: string; host?: string }) =>
      start(o, {
        Target: o.target,
        DocumentName: o.host ? "AWS-StartPortForwardingSessionToRemoteHost" : "AWS-StartPortForwardingSession",
        Parameters: { portNumber: [o.port], localPortNumber: [o.localPort], ...(o.host ? { host: [o.host] } : {}) },
      }),
    );

  withApiOptions(
    session.command("ssh-proxy").description('carry SSH over a session: ProxyCommand="bosun session ssh-proxy --target %h --port %p"'),
  )
    .requiredOption("--target <id>", "the managed node (mi-…)")
    .option("--port <port>", "the node's SSH port", "22")
    .action((o: ApiOptions & { target: string; port: string }) =>
      start(o, { Target: o.target, DocumentName: "AWS-StartSSHSession", Parameters: { portNumber: [o.port] } }),
    );

  withApiOptions(session.command("list").description("the active sessions (--history: the ended ones)"))
    .option("--history", "ended sessions instead of active ones", false)
    .action(async (o: ApiOptions & { history: boolean }) => {
      const api = await apiClient(o);
      const rows: string[][] = [];
      let token: string | undefined;
      do {
        const page = await api.call<{ Sessions: Record<string, unknown>[]; NextToken?: string }>("AmazonSSM.DescribeSessions", {
          State: o.history ? "History" : "Active",
          MaxResults: 200,
          ...(token ? { NextToken: token } : {}),
        });
        for (const s of page.Sessions) {
          const when = (at: unknown) => (typeof at === "number" ? new Date(at * 1000).toISOString() : "");
          rows.push(
            [s.SessionId, s.Target, s.Status, s.DocumentName, s.Owner, when(s.StartDate), when(s.EndDate)].map((v) => String(v ?? "")),
          );
        }
        token = page.NextToken;
      } while (token);
      process.stdout.write(
        rows.length > 0 ? toTableText(["SessionId", "Target", "Status", "Document", "Owner", "Started", "Ended"], rows) : "no sessions\n",
      );
    });

  withApiOptions(session.command("replay").description("play an ended session's recording in this terminal").argument("<session-id>"))
    .option("--speed <factor>", "how much faster than it happened (0: at once)", "1")
    .option("--max-wait <seconds>", "the longest pause between two events", "2")
    .action(async (sessionId: string, o: ApiOptions & { speed: string; maxWait: string }) => {
      const api = await apiClient(o);
      let text = "";
      let offset: number | undefined = 0;
      while (offset !== undefined) {
        const page: { Content: string; NextOffset?: number } = await api.call("Bosun.GetSessionRecording", {
          SessionId: sessionId,
          Offset: offset,
        });
        text += page.Content;
        offset = page.NextOffset;
      }
      const speed = Number(o.speed);
      const maxWait = Number(o.maxWait);
      let last = 0;
      for (const event of readCast(text).events) {
        const [at, code, data] = event;
        if (speed > 0) await new Promise((resolve) => setTimeout(resolve, (Math.min(at - last, maxWait) * 1000) / speed));
        last = at;
        if (code === "o") process.stdout.write(data);
        // A port session's connections; the first marker is where the server keeps the recording, not an event.
        else if (code === "m" && !isRecordingNote(event)) process.stdout.write(`\n[${data}]\n`);
      }
    });
}
