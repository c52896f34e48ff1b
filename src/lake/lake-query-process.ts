/**
 * @module The child process one lake query runs in (see isolated-lake-query.ts): it reads one query from its parent,
 * answers with the result as JSON text or the error, and exits. Whatever the query allocates dies with it.
 */
import { type LakeQuery, LakeQueryError, type LakeResult, queryLake } from "./lake-query.ts";

export type QueryRequest = { query: LakeQuery; maxResultBytes: number; maxCellBytes: number };
export type QueryAnswer = { ok: true; json: string } | { ok: false; reason: LakeQueryError["reason"]; message: string };

/**
 * The server's folders may not leave it, not even through a query of DuckDB's own settings
 * (`duckdb_settings()` shows `allowed_directories`): each is replaced by a placeholder.
 */
function scrubFolders(result: LakeResult, folders: readonly string[]): LakeResult {
  const json = JSON.stringify(result);
  let scrubbed = json;
  for (const folder of folders) scrubbed = scrubbed.replaceAll(JSON.stringify(folder).slice(1, -1), "<server folder>");
  return scrubbed === json ? result : (JSON.parse(scrubbed) as LakeResult);
}

/** The result as JSON, refused when one cell or the whole is larger than the caps. */
function encode(result: LakeResult, maxResultBytes: number, maxCellBytes: number): string {
  let total = 0;
  for (const row of result.rows)
    for (const cell of row) {
      const size = cell === null ? 4 : typeof cell === "string" ? cell.length : JSON.stringify(cell).length;
      if (size > maxCellBytes)
        throw new LakeQueryError("resources", `A value of the result is larger than ${maxCellBytes} bytes; select less of it.`);
      total += size;
      if (total > maxResultBytes)
        throw new LakeQueryError("resources", `The result is larger than ${maxResultBytes} bytes; select fewer rows or columns.`);
    }
  return JSON.stringify(result);
}

process.once("message", (request: QueryRequest) => {
  void queryLake(request.query)
    .then(
      (result) =>
        ({
          ok: true,
          json: encode(scrubFolders(result, [request.query.root, process.cwd()]), request.maxResultBytes, request.maxCellBytes),
        }) as QueryAnswer,
    )
    .catch((error: unknown): QueryAnswer => {
      if (error instanceof LakeQueryError) return { ok: false, reason: error.reason, message: error.message };
      return { ok: false, reason: "invalid", message: "The query failed." };
    })
    .then((answer) => process.send?.(answer, () => process.exit(0)));
});
