/**
 * @module The console's locations: `#/<page>/<id>?<params>` (e.g. `#/nodes/mi-0123…`, `#/nodes?filter=PingStatus%3DOnline`).
 * Hash routing keeps every page a plain link the server never has to know.
 */
import { useEffect, useState } from "react";

export interface Route {
  page: string;
  id: string | undefined;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#\/?/, "").split("?", 2);
  const [page = "", ...rest] = path.split("/");
  const id = rest.length > 0 ? decodeURIComponent(rest.join("/")) : undefined;
  return { page: page || "home", id, params: new URLSearchParams(query) };
}

export function href(page: string, id?: string, params?: Record<string, string>): string {
  const query = params ? new URLSearchParams(params).toString() : "";
  return `#/${page}${id !== undefined ? `/${encodeURIComponent(id)}` : ""}${query ? `?${query}` : ""}`;
}

export function useRoute(): Route {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener("hashchange", changed);
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  return parseRoute(hash);
}
