/**
 * @module Amazon's Session documents that Bosun provides under their names: interactive and non-interactive commands,
 * port forwarding (to the node or through it to another host) and SSH. Each declares its session type, its parameters
 * and the properties the agent's session plugin reads, with `{{ name }}` for the parameters.
 */

/** A TCP port, 1 to 65535 (the pattern Amazon's documents use). */
const portPattern = "^([1-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$";
/** A local port: 0 (any free port) to 65535. */
const localPortPattern = "^([0-9]|[1-9][0-9]{1,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$";

const port = (description: string, fallback: string) => ({ type: "String", description, allowedPattern: portPattern, default: fallback });
const localPort = {
  type: "String",
  description: "The port on the client's machine that forwards to the node (0: any free port).",
  allowedPattern: localPortPattern,
  default: "0",
};

const json = (body: object) => JSON.stringify(body, null, 2);

function commandDocument(sessionType: "InteractiveCommands" | "NonInteractiveCommands", what: string): string {
  return json({
    schemaVersion: "1.0",
    description: what,
    sessionType,
    parameters: { command: { type: "String", description: "The command to run." } },
    properties: {
      linux: { commands: "{{ command }}", runAsElevated: false },
      macos: { commands: "{{ command }}", runAsElevated: false },
    },
  });
}

export const builtinSessionDocuments: readonly { name: string; content: string }[] = [
  {
    name: "AWS-StartInteractiveCommand",
    content: commandDocument("InteractiveCommands", "Runs a command in a terminal on the node, with input from the client."),
  },
  {
    name: "AWS-StartNonInteractiveCommand",
    content: commandDocument("NonInteractiveCommands", "Runs a command on the node and streams its output to the client."),
  },
  {
    name: "AWS-StartPortForwardingSession",
    content: json({
      schemaVersion: "1.0",
      description: "Forwards a port on the client's machine to a port on the node.",
      sessionType: "Port",
      parameters: { portNumber: port("The port on the node.", "80"), localPortNumber: localPort },
      properties: { portNumber: "{{ portNumber }}", type: "LocalPortForwarding", localPortNumber: "{{ localPortNumber }}" },
    }),
  },
  {
    name: "AWS-StartPortForwardingSessionToRemoteHost",
    content: json({
      schemaVersion: "1.0",
      description: "Forwards a port on the client's machine, through the node, to a port on another host the node reaches.",
      sessionType: "Port",
      parameters: {
        host: {
          type: "String",
          description: "The host the node connects to (a name or an address).",
          allowedPattern: "^[a-zA-Z0-9_.:-]{1,253}$",
        },
        portNumber: port("The port on that host.", "80"),
        localPortNumber: localPort,
      },
      properties: {
        host: "{{ host }}",
        portNumber: "{{ portNumber }}",
        type: "LocalPortForwarding",
        localPortNumber: "{{ localPortNumber }}",
      },
    }),
  },
  {
    name: "AWS-StartSSHSession",
    content: json({
      schemaVersion: "1.0",
      description: "Carries an SSH connection to the node's SSH server (for ProxyCommand).",
      sessionType: "Port",
      parameters: { portNumber: port("The port of the node's SSH server.", "22") },
      properties: { portNumber: "{{ portNumber }}" },
    }),
  },
];
