/**
 * @module An ended session's recording: a shell's is played back in a terminal (at its own pace, faster, or all at
 * once, with long pauses shortened); a port session's is its connections, listed. The recording comes through
 * Bosun.GetSessionRecording a megabyte at a time, authorized on the session like the rest of its actions.
 */
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import SegmentedControl from "@cloudscape-design/components/segmented-control";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef, useState } from "react";
import { type Cast, isRecordingNote, readCast } from "../../../protocol/session/asciicast.ts";
import { bosunCall } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { DetailsLayout } from "../../components/details-layout.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";

/** The longest pause the player keeps between two events, in seconds. */
const maxPause = 2;

async function loadRecording(session: Session, sessionId: string): Promise<Cast> {
  let text = "";
  let offset: number | undefined = 0;
  while (offset !== undefined) {
    const page: { Content: string; NextOffset?: number } = await bosunCall(session, "GetSessionRecording", {
      SessionId: sessionId,
      Offset: offset,
    });
    text += page.Content;
    offset = page.NextOffset;
  }
  return readCast(text);
}

/** When each event plays, in seconds from the start, with pauses longer than `maxPause` shortened. */
function playTimes(cast: Cast): number[] {
  let last = 0;
  let at = 0;
  return cast.events.map(([seconds]) => {
    at += Math.min(Math.max(0, seconds - last), maxPause);
    last = seconds;
    return at;
  });
}

function Player({ cast }: { cast: Cast }) {
  const element = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | undefined>(undefined);
  const [speed, setSpeed] = useState("1");
  const [position, setPosition] = useState(0);
  const [playing, setPlaying] = useState(true);
  const [run, setRun] = useState(0);
  const times = playTimes(cast);
  const length = times.at(-1) ?? 0;

  useEffect(() => {
    const host = element.current;
    if (!host) return;
    const term = new Terminal({ cols: cast.header.width, rows: cast.header.height, disableStdin: true, fontSize: 14 });
    term.open(host);
    terminal.current = term;
    return () => term.dispose();
  }, [cast]);

  // Plays from the start each run; "all at once" writes everything at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new run (Replay) restarts playback from the first event
  useEffect(() => {
    const term = terminal.current;
    if (!term || !playing) return;
    term.reset();
    const factor = Number(speed);
    let index = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = performance.now();
    const step = () => {
      const now = factor === 0 ? Number.POSITIVE_INFINITY : ((performance.now() - started) / 1000) * factor;
      while (index < cast.events.length && (times[index] ?? 0) <= now) {
        const [, code, data] = cast.events[index] as Cast["events"][number];
        if (code === "o") term.write(data);
        else if (code === "r") {
          const [cols, rows] = data.split("x").map(Number);
          if (cols && rows) term.resize(cols, rows);
        }
        index++;
      }
      setPosition(Math.min(now, length));
      if (index < cast.events.length) timer = setTimeout(step, Math.min(100, (((times[index] ?? 0) - now) * 1000) / factor));
      else setPlaying(false);
    };
    step();
    return () => clearTimeout(timer);
  }, [cast, speed, run, playing]);

  return (
    <Container
      header={
        <Header
          variant="h2"
          description={`At the sizes the terminal had; pauses longer than ${maxPause} s are shortened.`}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <SegmentedControl
                label="Speed"
                selectedId={speed}
                onChange={({ detail }) => setSpeed(detail.selectedId)}
                options={[
                  { id: "1", text: "1×" },
                  { id: "4", text: "4×" },
                  { id: "0", text: "All at once" },
                ]}
              />
              <Button
                onClick={() => {
                  setPlaying(true);
                  setRun((r) => r + 1);
                }}
              >
                Replay
              </Button>
            </SpaceBetween>
          }
        >
          Playback
        </Header>
      }
      footer={
        <Box variant="small" color="text-body-secondary" data-testid="playback-position">
          {playing ? "Playing" : "Played"} · {position.toFixed(1)} s of {length.toFixed(1)} s
        </Box>
      }
    >
      <div ref={element} className="bosun-terminal bosun-terminal-replay" data-testid="recording" />
    </Container>
  );
}

function Connections({ cast }: { cast: Cast }) {
  const markers = cast.events.filter((event) => event[1] === "m" && !isRecordingNote(event));
  return (
    <Table
      header={<Header variant="h2">Connections</Header>}
      items={markers}
      columnDefinitions={[
        { id: "at", header: "Seconds into the session", cell: ([seconds]) => seconds.toFixed(3) },
        { id: "what", header: "Event", cell: ([, , data]) => data },
      ]}
      empty="No connection was made"
    />
  );
}

export function RecordingPage({ session, sessionId }: { session: Session; sessionId: string }) {
  const recording = useLoad(() => loadRecording(session, sessionId), sessionId);
  const cast = recording.value;
  const isPort = cast !== undefined && !cast.events.some(([, code]) => code === "o");
  const started = cast?.header.timestamp ? new Date(cast.header.timestamp * 1000).toISOString() : undefined;
  return (
    <DetailsLayout
      crumbs={[
        { text: "Session Manager", href: href("sessions", undefined, { state: "History" }) },
        { text: sessionId, href: href("session-recording", sessionId) },
      ]}
      header={
        <Header variant="h1" description={started ? `Started ${started}` : undefined}>
          Recording of {sessionId}
        </Header>
      }
    >
      <SpaceBetween size="m">
        <ApiError error={recording.error} />
        {cast && (isPort ? <Connections cast={cast} /> : <Player cast={cast} />)}
      </SpaceBetween>
    </DetailsLayout>
  );
}
