/**
 * @module The console's frame: sign-in until there is a session, then the AWS-console layout — top navigation with the
 * account, the region switcher and sign-out, a side navigation, and the page the location's hash names.
 */
import AppLayout from "@cloudscape-design/components/app-layout";
import SideNavigation from "@cloudscape-design/components/side-navigation";
import TopNavigation from "@cloudscape-design/components/top-navigation";
import { useEffect, useState } from "react";
import { regions } from "./api.ts";
import { ManagedNodesPage } from "./pages/managed-nodes.tsx";
import { SignInPage } from "./pages/sign-in.tsx";
import { loadSession, type Session, saveSession } from "./session.ts";

const pages = [{ href: "#/nodes", text: "Managed nodes" }];

function useHash(): string {
  const [hash, setHash] = useState(window.location.hash || "#/nodes");
  useEffect(() => {
    const changed = () => setHash(window.location.hash || "#/nodes");
    window.addEventListener("hashchange", changed);
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  return hash;
}

export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const hash = useHash();
  const update = (next: Session | undefined) => {
    saveSession(next);
    setSession(next);
  };
  if (!session) return <SignInPage onSignedIn={update} />;
  return (
    <>
      <div id="top-nav" style={{ position: "sticky", top: 0, zIndex: 1002 }}>
        <TopNavigation
          identity={{ href: "#/nodes", title: "Bosun" }}
          utilities={[
            {
              type: "menu-dropdown",
              text: session.region,
              ariaLabel: "Region",
              items: regions.map((r) => ({ id: r, text: r })),
              onItemClick: ({ detail }) => update({ ...session, region: detail.id }),
            },
            {
              type: "menu-dropdown",
              text: `${session.userName} @ ${session.accountId}`,
              iconName: "user-profile",
              items: [{ id: "signout", text: "Sign out" }],
              onItemClick: () => update(undefined),
            },
          ]}
        />
      </div>
      <AppLayout
        headerSelector="#top-nav"
        toolsHide
        navigation={
          <SideNavigation
            header={{ href: "#/nodes", text: "Systems Manager" }}
            activeHref={hash}
            items={pages.map((p) => ({ type: "link", ...p }))}
          />
        }
        content={<ManagedNodesPage key={`${session.accountId}/${session.region}`} session={session} />}
      />
    </>
  );
}
