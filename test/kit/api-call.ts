/** @module Raw signed calls to a test server, for what the SDK will not send (bad types, Bosun actions). */
import { ApiClient, ApiError } from "../../src/cli/api-client.ts";
import type { Credentials } from "../../src/cli/credentials.ts";
import { region } from "./test-server.ts";

export function apiClient(endpoint: string, credentials: Credentials, clientRegion = region): ApiClient {
  return new ApiClient({ endpoint, region: clientRegion, credentials });
}

/** Calls and returns the AWS error the server answered, or fails the test when the call succeeded. */
export async function expectApiError(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}
