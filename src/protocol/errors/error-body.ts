/**
 * @module Reading an AWS JSON error, for every client of Bosun (the CLI, the agent's registration, the console). AWS
 * services name the exception in `__type` (sometimes as `namespace#Name`) or the `x-amzn-errortype` header, and
 * write the message under `message` or `Message`, depending on the exception's model. Reading only one of them is
 * how AccessDeniedException (which uses `Message`) once showed up blank.
 */

export interface ErrorBody {
  /** The exception's name, without a namespace: `AccessDeniedException`. */
  exception: string;
  message: string;
}

/** The exception and message of an error response; `status` names it when the body says nothing. */
export function readErrorBody(status: number, body: unknown, errorTypeHeader?: string | null): ErrorBody {
  const fields = (body !== null && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const named = typeof fields.__type === "string" ? fields.__type : (errorTypeHeader ?? "");
  // `com.amazonaws.ssm#ParameterNotFound` and `ParameterNotFound:http://…` both mean ParameterNotFound.
  const exception = named.split("#").pop()?.split(":")[0]?.trim() || `HTTP ${status}`;
  const text = [fields.message, fields.Message, fields.errorMessage].find((m) => typeof m === "string");
  return { exception, message: (text as string | undefined) ?? "" };
}
