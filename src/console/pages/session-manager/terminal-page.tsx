/**
 * @module A shell on a node in the browser (xterm.js): the session starts when the page opens, the terminal follows the
 * window's size, Ctrl+Shift+C and Ctrl+Shift+V copy and paste (as the browser's own paste and the buttons do), and the
 * session ends with Terminate, with the shell's exit, or when the server ends it — the recording is then one link away.
 */
import { TerminateSessionCommand } from "@aws-sdk/client-ssm";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef, useState } from "react";
import { describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { DetailsLayout } from "../../components/details-layout.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { type BrowserTerminal, startTerminal } from "./browser-session.ts";

type Phase = { state: "starting" } | { state: "connected"; sessionId: string } | { state: "ended"; sessionId?: string; reason: string };

export function TerminalPage({ session, target }: { session: Session; target: string }) {
  const element = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | undefined>(undefined);
  const connection = useRef<BrowserTerminal | undefined>(undefined);
  const [phase, setPhase] = useState<Phase>({ state: "starting" });
  const [error, setError] = useState<{ title: string; message: string }>();
  const [size, setSize] = useState<{ cols: number; rows: number }>();

  useEffect(() => {
    const host = element.current;
    if (!host) return;
    // A steady cursor: blinking that never stops is what WCAG 2.2.2 asks pages not to do.
    const term = new Terminal({ cursorBlink: false, fontSize: 14, scrollback: 5000, convertEol: false });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host);
    fit.fit();
    terminal.current = term;
    let disposed = false;
    let sessionId: string | undefined;
    const copy = () => {
      const selected = term.getSelection();
      if (selected) void navigator.clipboard?.writeText(selected);
    };
    term.attachCustomKeyEventHandler((event) => {
      if (event.type !== "keydown" || !event.ctrlKey || !event.shiftKey) return true;
      if (event.code === "KeyC") {
        copy();
        return false;
      }
      if (event.code === "KeyV") {
        void navigator.clipboard?.readText().then((text) => connection.current?.type(text));
        return false;
      }
      return true;
    });
    const sendSize = () => {
      fit.fit();
      setSize({ cols: term.cols, rows: term.rows });
      connection.current?.resize(term.cols, term.rows);
    };
    const observer = new ResizeObserver(() => sendSize());
    observer.observe(host);
    startTerminal(session, target, {
      onReady: () => {
        if (disposed) return;
        sendSize();
        term.focus();
      },
      onOutput: (data) => term.write(data),
      onEnded: (reason) => {
        if (disposed) return;
        term.write(`\r\n\r\n[${reason}]\r\n`);
        setPhase({ state: "ended", ...(sessionId ? { sessionId } : {}), reason });
      },
    }).then(
      (started) => {
        if (disposed) {
          started.close();
          return;
        }
        connection.current = started;
        sessionId = started.sessionId;
        term.onData((data) => started.type(data));
        setPhase((current) => (current.state === "ended" ? current : { state: "connected", sessionId: started.sessionId }));
      },
      (e: unknown) => {
        if (disposed) return;
        setError(describeError(e));
        setPhase({ state: "ended", reason: "The session did not start." });
      },
    );
    return () => {
      disposed = true;
      observer.disconnect();
      connection.current?.close();
      connection.current = undefined;
      term.dispose();
    };
  }, [session, target]);

  const terminate = async () => {
    if (phase.state !== "connected") return;
    try {
      await ssmClient(session).send(new TerminateSessionCommand({ SessionId: phase.sessionId }));
    } catch (e) {
      setError(describeError(e));
    }
  };
  const paste = async () => {
    const text = await navigator.clipboard?.readText();
    if (text) connection.current?.type(text);
    terminal.current?.focus();
  };
  const sessionId = phase.state === "starting" ? undefined : phase.sessionId;

  return (
    <DetailsLayout
      crumbs={[
        { text: "Managed nodes", href: href("nodes") },
        { text: target, href: href("nodes", target) },
        { text: "Session", href: href("terminal", target) },
      ]}
      header={
        <Header
          variant="h1"
          description={sessionId ? `Session ${sessionId}` : "Starting a session…"}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button onClick={paste} disabled={phase.state !== "connected"}>
                Paste
              </Button>
              <Button onClick={terminate} disabled={phase.state !== "connected"}>
                Terminate
              </Button>
            </SpaceBetween>
          }
        >
          Shell on {target}
        </Header>
      }
    >
      <SpaceBetween size="m">
        <ApiError error={error} />
        {phase.state === "ended" && (
          <Alert
            type="info"
            header="The session ended"
            action={phase.sessionId ? <Button href={href("session-recording", phase.sessionId)}>Recording</Button> : undefined}
          >
            {phase.reason}
          </Alert>
        )}
        <Container
          header={
            <Header variant="h2" description="Ctrl+Shift+C copies the selection; Ctrl+Shift+V or the browser's paste pastes.">
              <SpaceBetween direction="horizontal" size="s">
                <span>Terminal</span>
                {phase.state === "connected" ? (
                  <StatusIndicator type="success">Connected</StatusIndicator>
                ) : phase.state === "starting" ? (
                  <StatusIndicator type="in-progress">Connecting</StatusIndicator>
                ) : (
                  <StatusIndicator type="stopped">Ended</StatusIndicator>
                )}
              </SpaceBetween>
            </Header>
          }
          footer={
            <Box variant="small" color="text-body-secondary">
              {size ? `${size.cols} × ${size.rows}` : ""} · <Link href={href("sessions")}>All sessions</Link>
            </Box>
          }
        >
          <div ref={element} className="bosun-terminal" data-testid="terminal" />
        </Container>
      </SpaceBetween>
    </DetailsLayout>
  );
}
