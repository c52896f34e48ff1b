/**
 * @module One step's whole output on demand. ListCommandInvocations cuts each step's Output at 2,500 characters (as
 * SSM does); GetCommandInvocation gives up to 24,000 characters of stdout and 8,000 of stderr. Beyond that only the
 * command's S3 bucket holds the rest, so the page names the object (a link when the store answers over HTTP).
 */
import { GetCommandInvocationCommand, type GetCommandInvocationCommandOutput } from "@aws-sdk/client-ssm";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import { describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import type { Session } from "../../session.ts";

/**
 * Output as it came, scrolling inside its box so that the page stays as long as its parts (24,000 characters would
 * make it tens of screens long). A box that scrolls must be reachable by keyboard, so it takes focus, named as a region.
 */
export function OutputText({ label, testId, children }: { label: string; testId?: string; children: string }) {
  return (
    <Box variant="code">
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must take focus to be scrolled by keyboard. */}
      <section aria-label={label} tabIndex={0} style={{ maxHeight: "30rem", overflow: "auto" }}>
        <pre style={{ margin: 0, whiteSpace: "pre-wrap" }} data-testid={testId}>
          {children}
        </pre>
      </section>
    </Box>
  );
}

/** The marker SSM appends to output it cut. */
export const truncationMarker = "--output truncated--";

function ObjectLocation({ url, label }: { url: string | undefined; label: string }) {
  if (!url) return null;
  return (
    <Box color="text-body-secondary">
      {label}:{" "}
      {/^https?:/.test(url) ? (
        <Link href={url} external>
          {url}
        </Link>
      ) : (
        <code>{url}</code>
      )}
    </Box>
  );
}

export function FullOutput({
  session,
  commandId,
  instanceId,
  plugin,
}: {
  session: Session;
  commandId: string;
  instanceId: string;
  plugin: string;
}) {
  const [result, setResult] = useState<GetCommandInvocationCommandOutput>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<{ title: string; message: string }>();
  const load = () => {
    setLoading(true);
    ssmClient(session)
      .send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId, PluginName: plugin }))
      .then(setResult, (e: unknown) => setError(describeError(e)))
      .finally(() => setLoading(false));
  };
  if (!result)
    return (
      <SpaceBetween size="xxs">
        <Button variant="inline-link" loading={loading} onClick={load} ariaLabel={`Show the full output of ${plugin} on ${instanceId}`}>
          Show full output
        </Button>
        <ApiError error={error} />
      </SpaceBetween>
    );
  const cut = [result.StandardOutputContent, result.StandardErrorContent].some((text) => text?.endsWith(truncationMarker));
  return (
    <SpaceBetween size="xs">
      <Box variant="awsui-key-label">Standard output</Box>
      <OutputText label={`Standard output of ${plugin} on ${instanceId}`} testId={`full-output-${instanceId}`}>
        {result.StandardOutputContent || "(none)"}
      </OutputText>
      {result.StandardErrorContent && (
        <>
          <Box variant="awsui-key-label">Standard error</Box>
          <OutputText label={`Standard error of ${plugin} on ${instanceId}`}>{result.StandardErrorContent}</OutputText>
        </>
      )}
      <ObjectLocation url={result.StandardOutputUrl} label="All of the standard output" />
      <ObjectLocation url={result.StandardErrorUrl} label="All of the standard error" />
      {cut && !result.StandardOutputUrl && (
        <Box color="text-body-secondary">
          The service keeps the first 24,000 characters of output. Run the command with an S3 bucket for output to keep all of it.
        </Box>
      )}
    </SpaceBetween>
  );
}
