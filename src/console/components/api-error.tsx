/** @module An API error shown as the API returned it: the exception name as the title, the service's message below. */
import Alert from "@cloudscape-design/components/alert";

export function ApiError({ error }: { error: { title: string; message: string } | undefined }) {
  if (!error) return null;
  return (
    <Alert type="error" header={error.title}>
      {error.message}
    </Alert>
  );
}
