/**
 * @module The session handshake, as the SSM agent and the session-manager-plugin run it after the data channel opens:
 * the agent asks (payload type 5) for the actions the client must take — the session's type, with the properties its
 * plugin needs — the client answers what it did (6), and the agent says the session is ready (7).
 */

/** The kinds of session: a shell, a command's output, a TCP port (port forwarding and SSH). */
export type SessionType = "Standard_Stream" | "InteractiveCommands" | "NonInteractiveCommands" | "Port";

export const ActionStatus = { success: 1, failed: 2, unsupported: 3 } as const;

export interface RequestedClientAction {
  ActionType: "SessionType" | "KMSEncryption";
  ActionParameters: unknown;
}

export interface SessionTypeRequest {
  SessionType: SessionType;
  Properties: Record<string, unknown>;
}

export interface HandshakeRequest {
  AgentVersion: string;
  RequestedClientActions: RequestedClientAction[];
}

export interface ProcessedClientAction {
  ActionType: string;
  ActionStatus: number;
  ActionResult?: unknown;
  Error?: string;
}

export interface HandshakeResponse {
  ClientVersion: string;
  ProcessedClientActions: ProcessedClientAction[];
  Errors: string[];
}

export interface HandshakeComplete {
  /** Nanoseconds the handshake took. */
  HandshakeTimeToComplete: number;
  /** Shown to the person at the terminal. */
  CustomerMessage: string;
}

/** The first (text) frame a client sends on the data channel: the session's token proves it may attach. */
export interface OpenDataChannelInput {
  MessageSchemaVersion: "1.0";
  RequestId: string;
  TokenValue: string;
  ClientId: string;
  ClientVersion: string;
}

/** The session type an agent's handshake request asks for, or undefined. */
export function requestedSessionType(request: HandshakeRequest): SessionTypeRequest | undefined {
  const action = request.RequestedClientActions.find((a) => a.ActionType === "SessionType");
  const parameters = action?.ActionParameters as Partial<SessionTypeRequest> | undefined;
  return parameters?.SessionType ? { SessionType: parameters.SessionType, Properties: parameters.Properties ?? {} } : undefined;
}
