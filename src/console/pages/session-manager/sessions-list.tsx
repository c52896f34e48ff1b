/**
 * @module Session Manager's page: the account's active sessions (terminated from here) and its history (each ended
 * session's recording one click away), and a shell started on an online node.
 */
import {
  DescribeInstanceInformationCommand,
  DescribeSessionsCommand,
  type SessionState,
  TerminateSessionCommand,
} from "@aws-sdk/client-ssm";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Tabs from "@cloudscape-design/components/tabs";
import { useState } from "react";
import { allPages, describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { Status } from "../../components/status.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";

function StartSession({ session }: { session: Session }) {
  const nodes = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(
          new DescribeInstanceInformationCommand({ Filters: [{ Key: "PingStatus", Values: ["Online"] }], NextToken: token }),
        );
        return { items: page.InstanceInformationList, next: page.NextToken };
      }),
    "online",
  );
  const options = (nodes.value ?? []).map((n) => ({
    value: n.InstanceId ?? "",
    label: n.InstanceId ?? "",
    description: [n.ComputerName, n.PlatformName].filter(Boolean).join(" · "),
  }));
  const [chosen, setChosen] = useState<string>();
  return (
    <Container header={<Header variant="h2">Start a session</Header>}>
      <SpaceBetween size="s">
        <ApiError error={nodes.error} />
        <SpaceBetween direction="horizontal" size="s" alignItems="end">
          <FormField label="Node" description="A shell on an online node; the account's session preferences apply.">
            <Select
              selectedOption={options.find((o) => o.value === chosen) ?? null}
              onChange={({ detail }) => setChosen(detail.selectedOption.value)}
              options={options}
              placeholder="Choose a node"
              statusType={nodes.loading ? "loading" : "finished"}
              empty="No node is online"
              filteringType="auto"
            />
          </FormField>
          <Button variant="primary" disabled={!chosen} href={chosen ? href("terminal", chosen) : undefined}>
            Start session
          </Button>
        </SpaceBetween>
      </SpaceBetween>
    </Container>
  );
}

function SessionsTable({ session, state }: { session: Session; state: SessionState }) {
  const sessions = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(new DescribeSessionsCommand({ State: state, NextToken: token }));
        return { items: page.Sessions, next: page.NextToken };
      }),
    state,
  );
  const [error, setError] = useState<{ title: string; message: string }>();
  const terminate = async (sessionId: string) => {
    try {
      await ssmClient(session).send(new TerminateSessionCommand({ SessionId: sessionId }));
      sessions.reload();
    } catch (e) {
      setError(describeError(e));
    }
  };
  const items = (sessions.value ?? []).map((s) => ({
    SessionId: s.SessionId ?? "",
    Target: s.Target ?? "",
    Owner: s.Owner?.split("/").at(-1) ?? "",
    Status: s.Status,
    DocumentName: s.DocumentName ?? "SSM-SessionManagerRunShell",
    StartDate: s.StartDate?.toISOString(),
    EndDate: s.EndDate?.toISOString(),
    Reason: s.Reason ?? s.Details ?? "",
  }));
  return (
    <SpaceBetween size="s">
      <ApiError error={error ?? sessions.error} />
      <ItemsTable
        title={state === "Active" ? "Active sessions" : "Session history"}
        items={items}
        loading={sessions.loading}
        empty={state === "Active" ? "No session is active" : "No session has ended yet"}
        actions={<Button iconName="refresh" ariaLabel="Refresh" onClick={sessions.reload} />}
        // What a person does with a session comes right after its id, where a narrow window still shows it.
        columns={[
          { id: "SessionId", header: "Session ID" },
          {
            id: "action",
            header: state === "Active" ? "Terminate" : "Recording",
            cell: (s) =>
              state === "Active" ? (
                <Button variant="inline-link" ariaLabel={`Terminate ${s.SessionId}`} onClick={() => void terminate(s.SessionId ?? "")}>
                  Terminate
                </Button>
              ) : (
                <Link href={href("session-recording", s.SessionId)} ariaLabel={`Recording of ${s.SessionId}`}>
                  Recording
                </Link>
              ),
          },
          { id: "Target", header: "Node", cell: (s) => <Link href={href("nodes", s.Target)}>{s.Target}</Link> },
          { id: "Owner", header: "Owner" },
          { id: "DocumentName", header: "Document" },
          { id: "Status", header: "Status", cell: (s) => <Status of={s.Status} /> },
          { id: "StartDate", header: "Started" },
          ...(state === "History"
            ? [
                { id: "EndDate", header: "Ended" },
                { id: "Reason", header: "Reason" },
              ]
            : []),
        ]}
      />
    </SpaceBetween>
  );
}

export function SessionsPage({ session, state }: { session: Session; state: string | null }) {
  const active = state === "History" ? "History" : "Active";
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="Shells and port forwards on managed nodes, with no inbound port; every session recorded.">
        Session Manager
      </Header>
      <StartSession session={session} />
      <Tabs
        activeTabId={active}
        onChange={({ detail }) => {
          window.location.hash = href("sessions", undefined, { state: detail.activeTabId });
        }}
        tabs={[
          { id: "Active", label: "Sessions", content: <SessionsTable session={session} state="Active" /> },
          { id: "History", label: "Session history", content: <SessionsTable session={session} state="History" /> },
        ]}
      />
    </SpaceBetween>
  );
}
