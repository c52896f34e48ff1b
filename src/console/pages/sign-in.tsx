/** @module Sign-in with an IAM user's console password (set with `bosun user set-password`). */
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import { regions } from "../api.ts";
import { type Session, SignInError, signIn } from "../session.ts";

/**
 * `onCancel` is there when another session is signed in already (signing in to another account). `again` is the
 * session whose keys expired or were refused: its account, user and region are filled in, and a notice says why.
 */
export function SignInPage({
  onSignedIn,
  onCancel,
  again,
}: {
  onSignedIn: (session: Session) => void;
  onCancel?: () => void;
  again?: Session;
}) {
  const [accountId, setAccountId] = useState(again?.accountId ?? "");
  const [userName, setUserName] = useState(again?.userName ?? "");
  const [password, setPassword] = useState("");
  const [region, setRegion] = useState(again?.region ?? "us-east-1");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string }>();

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn(accountId.trim(), userName.trim(), password, region));
    } catch (e) {
      setError(e instanceof SignInError ? { code: e.code, message: e.message } : { code: "NetworkError", message: String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box padding={{ top: "xxxl", horizontal: "xxxl" }}>
      <div style={{ maxWidth: 420, margin: "0 auto" }}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <Form
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                {onCancel && (
                  <Button variant="link" formAction="none" onClick={onCancel}>
                    Cancel
                  </Button>
                )}
                <Button variant="primary" loading={busy} formAction="submit">
                  Sign in
                </Button>
              </SpaceBetween>
            }
          >
            <Container
              header={
                <Header variant="h1" description="An IAM user of your Bosun account">
                  {onCancel ? "Sign in to another account" : "Sign in to Bosun"}
                </Header>
              }
            >
              <SpaceBetween size="m">
                {again && (
                  <Alert type="info" header="Your session has ended">
                    Its keys expired or were refused. Sign in again to go back to the page you were on.
                  </Alert>
                )}
                {/* A live region, so a screen reader announces a refused sign-in. */}
                <div role="alert" aria-live="assertive">
                  {error && (
                    <Alert type="error" header={error.code}>
                      {error.message}
                    </Alert>
                  )}
                </div>
                <FormField label="Account ID">
                  <Input
                    value={accountId}
                    onChange={({ detail }) => setAccountId(detail.value)}
                    inputMode="numeric"
                    ariaLabel="Account ID"
                    autoFocus={!again}
                  />
                </FormField>
                <FormField label="User name">
                  <Input value={userName} onChange={({ detail }) => setUserName(detail.value)} ariaLabel="User name" />
                </FormField>
                <FormField label="Password">
                  <Input
                    value={password}
                    onChange={({ detail }) => setPassword(detail.value)}
                    type="password"
                    ariaLabel="Password"
                    autoFocus={again !== undefined}
                  />
                </FormField>
                <FormField label="Region">
                  <Select
                    selectedOption={{ value: region, label: region }}
                    options={regions.map((r) => ({ value: r, label: r }))}
                    onChange={({ detail }) => setRegion(detail.selectedOption.value ?? "us-east-1")}
                  />
                </FormField>
              </SpaceBetween>
            </Container>
          </Form>
        </form>
      </div>
    </Box>
  );
}
