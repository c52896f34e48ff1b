/** @module ServiceError: an AWS-shaped error with its exception name, HTTP status and message key. */
import { type CatalogEntry, type MessageKey, organizationsExceptions, ssmExceptions } from "./exception-catalog.ts";

/** Errors every AWS JSON service answers with, beyond the ones in the SSM model. */
export const commonExceptions = {
  ValidationException: { messageKey: "message", status: 400 },
  SerializationException: { messageKey: "message", status: 400 },
  UnknownOperationException: { messageKey: "message", status: 400 },
  MissingAuthenticationTokenException: { messageKey: "message", status: 400 },
  IncompleteSignatureException: { messageKey: "message", status: 400 },
  InvalidSignatureException: { messageKey: "message", status: 400 },
  UnrecognizedClientException: { messageKey: "message", status: 400 },
  ExpiredTokenException: { messageKey: "message", status: 400 },
  ThrottlingException: { messageKey: "message", status: 400 },
  RequestEntityTooLargeException: { messageKey: "message", status: 413 },
  ServiceUnavailableException: { messageKey: "message", status: 503 },
  NotFoundException: { messageKey: "message", status: 404 },
  // Errors of the agent-facing registration call (private in SSM: RegisterManagedInstance).
  ActivationExpired: { messageKey: "message", status: 400 },
  ActivationLimitExceeded: { messageKey: "message", status: 400 },
  // KMS's, for the data keys Bosun serves (there is no KMS model here: its JSON errors carry `message`).
  InvalidCiphertextException: { messageKey: "message", status: 400 },
} as const satisfies Record<string, CatalogEntry>;

export type ExceptionName = keyof typeof ssmExceptions | keyof typeof organizationsExceptions | keyof typeof commonExceptions;

// The two models share a few names (AccessDeniedException, both with `Message`); SSM's entry wins.
const catalog: Record<string, CatalogEntry> = { ...organizationsExceptions, ...ssmExceptions, ...commonExceptions };

/** An error the API reports to its caller as-is. Its message must never contain a secret. */
export class ServiceError extends Error {
  readonly status: number;
  readonly messageKey: MessageKey;
  /** Members of the exception beyond its message (Organizations' `Reason`), sent as given. */
  private fields: Record<string, string> = {};
  constructor(
    readonly exception: ExceptionName,
    message: string,
  ) {
    super(message);
    const entry = catalog[exception];
    this.status = entry?.status ?? 400;
    this.messageKey = entry?.messageKey ?? "message";
    this.name = exception;
  }

  /** The JSON body of the error as AWS JSON 1.1 sends it. */
  toBody(): Record<string, string> {
    // Member-less exceptions in the model still carry a message on the wire: every SDK reads `message` when present.
    const key = this.messageKey === "none" ? "message" : this.messageKey;
    return { __type: this.exception, [key]: this.message, ...this.fields };
  }

  /** Adds members the model declares for this exception (e.g. `{ Reason: "INVALID_PARTY_TYPE_TARGET" }`). */
  with(fields: Record<string, string>): this {
    const declared = new Set(catalog[this.exception]?.members ?? []);
    for (const [name, value] of Object.entries(fields)) {
      if (!declared.has(name)) throw new Error(`${this.exception} has no member ${name}`);
      this.fields[name] = value;
    }
    return this;
  }
}

type ErrorClass = new (message: string) => ServiceError;

/** Makes a named error class, so handlers write `throw new ParameterNotFound(...)`. */
export function defineError(exception: ExceptionName): ErrorClass {
  return class extends ServiceError {
    constructor(message: string) {
      super(exception, message);
    }
  };
}
