/** @module The AWS exception a call failed with (SDK errors carry it as `name`, Bosun's ApiClient as `exception`), or "none". */
export async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "none";
  } catch (error) {
    const e = error as { exception?: string; name?: string };
    return e.exception ?? e.name ?? "crash";
  }
}
