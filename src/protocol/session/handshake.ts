/**
 * @module The session handshake, as the SSM agent and the session-manager-plugin run it after the data channel opens:
 * the agent asks (payload type 5) for the actions the client must take — the session's type, with the properties its
 * plugin needs — the client answers what it did (6), and the agent says the session is ready (7).
 */

/** The kinds of session: a shell, a command's output, a TCP port (port forwarding and SSH). */
export type SessionType = "Standard_Stream" | "InteractiveCommands" | "NonInteractiveCommands" | "Port";

export const ActionStatus = { success: 1, failed: 2, unsupported: 3 } as const;

/**
 * The version Bosun's agent reports in the handshake: the SSM Agent release whose session behaviour it has. Plugins
 * choose features by it (TerminateSession flags after 2.3.722.0, multiplexed ports after 3.0.196.0, smux without
 * keep-alives after 3.1.1511.0), so it is not Bosun's own version (decision 021).
 */
export const handshakeAgentVersion = "3.3.0.0";

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
