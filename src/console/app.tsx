/**
 * @module The console's frame: sign-in until there is a session, then the AWS-console layout — top navigation with the
 * account, the region switcher and sign-out, a side navigation, and the page the location's hash names.
 */
import AppLayout from "@cloudscape-design/components/app-layout";
import SideNavigation, { type SideNavigationProps } from "@cloudscape-design/components/side-navigation";
import TopNavigation from "@cloudscape-design/components/top-navigation";
import { useEffect, useRef, useState } from "react";
import { keysRejectedEvent, regions } from "./api.ts";
import { ActivationsPage } from "./pages/activations/activations-page.tsx";
import { BucketDetailsPage } from "./pages/buckets/bucket-details.tsx";
import { BucketsListPage } from "./pages/buckets/buckets-list.tsx";
import { CompliancePage } from "./pages/compliance/compliance-page.tsx";
import { ResourceCompliancePage } from "./pages/compliance/resource-compliance.tsx";
import { DocumentDetailsPage } from "./pages/documents/document-details.tsx";
import { DocumentFormPage } from "./pages/documents/document-form.tsx";
import { DocumentsListPage } from "./pages/documents/documents-list.tsx";
import { HomePage } from "./pages/home.tsx";
import { InventoryPage } from "./pages/inventory/inventory-page.tsx";
import { ManagedNodesPage } from "./pages/nodes/managed-nodes.tsx";
import { NodeDetailsPage } from "./pages/nodes/node-details.tsx";
import { NotFoundPage } from "./pages/not-found.tsx";
import { OrganizationPage } from "./pages/organization/organization-page.tsx";
import { ParameterDetailsPage } from "./pages/parameters/parameter-details.tsx";
import { ParameterFormPage } from "./pages/parameters/parameter-form.tsx";
import { ParametersListPage } from "./pages/parameters/parameters-list.tsx";
import { PatchBaselineDetailsPage } from "./pages/patch-manager/patch-baseline-details.tsx";
import { PatchBaselineFormPage } from "./pages/patch-manager/patch-baseline-form.tsx";
import { PatchBaselinesPage } from "./pages/patch-manager/patch-baselines.tsx";
import { CommandDetailsPage } from "./pages/run-command/command-details.tsx";
import { CommandsListPage } from "./pages/run-command/commands-list.tsx";
import { RunCommandPage } from "./pages/run-command/run-command-form.tsx";
import { RecordingPage } from "./pages/session-manager/recording-page.tsx";
import { SessionsPage } from "./pages/session-manager/sessions-list.tsx";
import { TerminalPage } from "./pages/session-manager/terminal-page.tsx";
import { SignInPage } from "./pages/sign-in.tsx";
import { AssociationDetailsPage } from "./pages/state-manager/association-details.tsx";
import { AssociationFormPage } from "./pages/state-manager/association-form.tsx";
import { AssociationsListPage } from "./pages/state-manager/associations-list.tsx";
import { VulnerabilitiesPage } from "./pages/vulnerabilities/vulnerabilities-page.tsx";
import { VulnerabilityDetailsPage } from "./pages/vulnerabilities/vulnerability-details.tsx";
import { href, type Route, useRoute } from "./route.ts";
import { addSession, loadSessions, maxSessions, removeActiveSession, type Session, type Sessions, saveSessions } from "./session.ts";

const navigation: SideNavigationProps.Item[] = [
  { type: "link", text: "Home", href: href("home") },
  {
    type: "section",
    text: "Node Management",
    items: [
      { type: "link", text: "Managed nodes", href: href("nodes") },
      { type: "link", text: "Inventory", href: href("inventory") },
      { type: "link", text: "Run Command", href: href("commands") },
      { type: "link", text: "Session Manager", href: href("sessions") },
      { type: "link", text: "State Manager", href: href("associations") },
      { type: "link", text: "Patch Manager", href: href("patch-baselines") },
      { type: "link", text: "Compliance", href: href("compliance") },
      { type: "link", text: "Vulnerabilities", href: href("vulnerabilities") },
      { type: "link", text: "Hybrid activations", href: href("activations") },
    ],
  },
  { type: "section", text: "Application Tools", items: [{ type: "link", text: "Parameter Store", href: href("parameters") }] },
  { type: "section", text: "Shared Resources", items: [{ type: "link", text: "Documents", href: href("documents") }] },
  { type: "section", text: "Storage", items: [{ type: "link", text: "Buckets", href: href("buckets") }] },
  { type: "section", text: "Organization", items: [{ type: "link", text: "Accounts and syncs", href: href("organization") }] },
];

/** Which side-navigation entry a page belongs to (a command's page is under Run Command). */
const sections: Record<string, string> = {
  "run-command": "commands",
  "parameter-edit": "parameters",
  "patch-baseline-edit": "patch-baselines",
  "association-edit": "associations",
  "document-edit": "documents",
  terminal: "sessions",
  "session-recording": "sessions",
};

function Page({ session, route }: { session: Session; route: Route }) {
  const { page, id, params } = route;
  switch (page) {
    case "nodes":
      return id ? (
        <NodeDetailsPage session={session} id={id} />
      ) : (
        <ManagedNodesPage session={session} filters={params.getAll("filter")} text={params.getAll("text")} />
      );
    case "inventory":
      return <InventoryPage session={session} where={params.getAll("where")} />;
    case "commands":
      return id ? <CommandDetailsPage session={session} id={id} /> : <CommandsListPage session={session} status={params.get("status")} />;
    case "run-command":
      return (
        <RunCommandPage
          session={session}
          from={params.get("from")}
          nodes={params.get("nodes")?.split(",") ?? []}
          document={params.get("document") ?? "AWS-RunShellScript"}
        />
      );
    case "parameters":
      return id ? (
        <ParameterDetailsPage session={session} name={id} />
      ) : (
        <ParametersListPage
          session={session}
          path={params.get("path") ?? "/"}
          filters={{ type: params.get("type") ?? "", tier: params.get("tier") ?? "", tag: params.get("tag") ?? "" }}
        />
      );
    case "parameter-edit":
      return <ParameterFormPage session={session} name={id} path={params.get("path") ?? "/"} />;
    case "buckets":
      return id ? <BucketDetailsPage session={session} name={id} /> : <BucketsListPage session={session} />;
    case "associations":
      return id ? <AssociationDetailsPage session={session} id={id} /> : <AssociationsListPage session={session} />;
    case "association-edit":
      return <AssociationFormPage session={session} editing={id} />;
    case "documents":
      return id ? (
        <DocumentDetailsPage session={session} name={id} />
      ) : (
        <DocumentsListPage session={session} owner={params.get("owner") ?? "Self"} />
      );
    case "document-edit":
      return <DocumentFormPage session={session} editing={id} />;
    case "sessions":
      return <SessionsPage session={session} state={params.get("state")} />;
    case "terminal":
      return id ? <TerminalPage session={session} target={id} /> : <NotFoundPage location={window.location.hash} />;
    case "session-recording":
      return id ? <RecordingPage session={session} sessionId={id} /> : <NotFoundPage location={window.location.hash} />;
    case "activations":
      return <ActivationsPage session={session} />;
    case "compliance":
      return id ? (
        <ResourceCompliancePage session={session} resourceId={id} type={params.get("type")} />
      ) : (
        <CompliancePage session={session} type={params.get("type")} />
      );
    case "patch-baselines":
      return id ? <PatchBaselineDetailsPage session={session} id={id} /> : <PatchBaselinesPage session={session} />;
    case "patch-baseline-edit":
      return <PatchBaselineFormPage session={session} editing={id} />;
    case "vulnerabilities":
      return id ? <VulnerabilityDetailsPage session={session} id={id} /> : <VulnerabilitiesPage session={session} />;
    case "organization":
      return <OrganizationPage session={session} />;
    case "home":
      return <HomePage session={session} />;
    default:
      return <NotFoundPage location={window.location.hash} />;
  }
}

/** Each page's own browser title (tabs and history tell pages apart): the entry, then the page's object. */
const titles: Record<string, string> = {
  home: "Home",
  nodes: "Managed nodes",
  inventory: "Inventory",
  commands: "Run Command",
  "run-command": "Run a command",
  parameters: "Parameter Store",
  "parameter-edit": "Parameter Store",
  buckets: "Buckets",
  associations: "State Manager",
  "association-edit": "State Manager",
  documents: "Documents",
  "document-edit": "Documents",
  sessions: "Session Manager",
  terminal: "Session Manager",
  "session-recording": "Session Manager",
  activations: "Hybrid activations",
  compliance: "Compliance",
  "patch-baselines": "Patch Manager",
  "patch-baseline-edit": "Patch Manager",
  vulnerabilities: "Vulnerabilities",
  organization: "Organization",
};

export function pageTitle(route: Route): string {
  const section = titles[route.page] ?? "Page not found";
  return `${route.id ? `${route.id} · ` : ""}${section} | Bosun`;
}

/**
 * The side navigation stays open until the person closes it. Cloudscape's layout also closes it by itself when it
 * measures too little room, and it measured so, wrongly, while one page replaced another on a wide window; so on a
 * wide window a close counts only right after a press on the close button. Narrow windows keep Cloudscape's way.
 */
function useNavigationOpen() {
  // A narrow window (800 px) starts with the navigation closed, leaving the page the room; a wide one with it open.
  const [open, setOpen] = useState(() => window.innerWidth >= 1024);
  const pressedClose = useRef(0);
  useEffect(() => {
    const pressed = (event: Event) => {
      if ((event.target as Element | null)?.closest?.('[aria-label="Close navigation"]')) pressedClose.current = Date.now();
    };
    document.addEventListener("pointerdown", pressed, true);
    document.addEventListener("keydown", pressed, true);
    return () => {
      document.removeEventListener("pointerdown", pressed, true);
      document.removeEventListener("keydown", pressed, true);
    };
  }, []);
  const change = (next: boolean) => {
    if (next || window.innerWidth < 1024 || Date.now() - pressedClose.current < 1000) setOpen(next);
  };
  return { open, change };
}

/** The skip link is a button that moves focus: the hash is the console's router, so it cannot be an in-page anchor. */
function skipToMain() {
  document.getElementById("main-content")?.focus();
}

/**
 * Whether the active session's keys stopped working: a call was refused for them, or they passed their expiration.
 * The location is kept, so signing in again returns to the same page.
 */
function useKeysEnded(session: Session | undefined): [boolean, (ended: boolean) => void] {
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    const refused = () => setEnded(true);
    window.addEventListener(keysRejectedEvent, refused);
    const left = session ? session.credentials.expiration.getTime() - Date.now() : Number.POSITIVE_INFINITY;
    // setTimeout takes at most 2^31-1 ms; keys that last longer are checked when a call is refused.
    const timer = left < 2 ** 31 - 1 ? setTimeout(refused, Math.max(0, left)) : undefined;
    return () => {
      window.removeEventListener(keysRejectedEvent, refused);
      clearTimeout(timer);
    };
  }, [session]);
  return [ended, setEnded];
}

export function App() {
  const [sessions, setSessions] = useState<Sessions>(loadSessions);
  const [addingSession, setAddingSession] = useState(false);
  const route = useRoute();
  const sideNavigation = useNavigationOpen();
  const session = sessions.list[sessions.active];
  const [keysEnded, setKeysEnded] = useKeysEnded(session);
  const mainRef = useRef<HTMLDivElement>(null);
  const signedIn = session !== undefined && !addingSession && !keysEnded;
  const wasSignedIn = useRef(signedIn);
  // Right after a sign-in, focus goes to the page rather than the top of the document (not on every load).
  useEffect(() => {
    if (signedIn && !wasSignedIn.current) mainRef.current?.focus();
    wasSignedIn.current = signedIn;
  }, [signedIn]);
  useEffect(() => {
    document.title = signedIn ? pageTitle(route) : "Sign in | Bosun";
  });
  const update = (next: Sessions) => {
    saveSessions(next);
    setSessions(next);
    setAddingSession(false);
    setKeysEnded(false);
  };
  if (session && keysEnded) return <SignInPage again={session} onSignedIn={(signedIn) => update(addSession(sessions, signedIn))} />;
  if (!session || addingSession)
    return (
      <SignInPage
        onSignedIn={(signedIn) => update(addSession(sessions, signedIn))}
        {...(session ? { onCancel: () => setAddingSession(false) } : {})}
      />
    );
  const label = (s: Session) => `${s.userName} @ ${s.accountId}`;
  const active = href(sections[route.page] ?? route.page);
  return (
    <>
      {/* The first thing a keyboard reaches: past the navigation to the page itself. */}
      <button type="button" className="bosun-skip-link" onClick={skipToMain}>
        Skip to main content
      </button>
      <div id="top-nav" style={{ position: "sticky", top: 0, zIndex: 1002 }}>
        <TopNavigation
          identity={{ href: href("home"), title: "Bosun" }}
          utilities={[
            {
              type: "menu-dropdown",
              text: session.region,
              // The name says what the button shows (WCAG 2.5.3: a visible label is part of the accessible name).
              ariaLabel: `Region ${session.region}`,
              items: regions.map((r) => ({ id: r, text: r })),
              onItemClick: ({ detail }) =>
                update({ ...sessions, list: sessions.list.map((s, i) => (i === sessions.active ? { ...s, region: detail.id } : s)) }),
            },
            {
              type: "menu-dropdown",
              text: label(session),
              ariaLabel: `Account: ${label(session)}`,
              iconName: "user-profile",
              items: [
                {
                  id: "sessions",
                  text: "Signed in",
                  items: sessions.list.map((s, i) => ({
                    id: `switch:${i}`,
                    text: label(s),
                    ...(i === sessions.active ? { iconName: "check" as const, disabled: true } : {}),
                  })),
                },
                { id: "add", text: "Sign in to another account", disabled: sessions.list.length >= maxSessions },
                { id: "signout", text: "Sign out" },
              ],
              onItemClick: ({ detail }) => {
                if (detail.id === "add") setAddingSession(true);
                else if (detail.id === "signout") update(removeActiveSession(sessions));
                else update({ ...sessions, active: Number(detail.id.slice("switch:".length)) });
              },
            },
          ]}
        />
      </div>
      <AppLayout
        headerSelector="#top-nav"
        toolsHide
        navigationOpen={sideNavigation.open}
        onNavigationChange={({ detail }) => sideNavigation.change(detail.open)}
        ariaLabels={{ navigationToggle: "Open navigation", navigationClose: "Close navigation" }}
        navigation={<SideNavigation header={{ href: href("home"), text: "Systems Manager" }} activeHref={active} items={navigation} />}
        content={
          // Cloudscape's layout is the page's one <main> landmark; this is where focus goes inside it.
          <div id="main-content" tabIndex={-1} ref={mainRef} style={{ outline: "none" }}>
            {/* A new account, region or location is a fresh page: nothing of the last one's state carries over. */}
            <Page
              key={`${session.accountId}/${session.userName}/${session.region}/${window.location.hash}`}
              session={session}
              route={route}
            />
          </div>
        }
      />
    </>
  );
}
