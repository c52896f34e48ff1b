/** @module Loading what a page shows: the value, whether it is loading, the API's error as it came, and a reload. */
import { useCallback, useEffect, useRef, useState } from "react";
import { describeError } from "./api.ts";

export interface Loaded<T> {
  value: T | undefined;
  loading: boolean;
  error: { title: string; message: string } | undefined;
  reload: () => void;
  /** Reloads without showing the loading state (for polling a live page). */
  refresh: () => void;
}

/** Loads once per `key` (what the load depends on, e.g. a node id); a load that a newer one replaced is dropped. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [value, setValue] = useState<T>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<{ title: string; message: string }>();
  const latest = useRef(load);
  latest.current = load;
  const generation = useRef(0);
  const run = useCallback((quiet: boolean) => {
    const mine = ++generation.current;
    if (!quiet) setLoading(true);
    latest
      .current()
      .then((v) => {
        if (mine !== generation.current) return;
        setValue(v);
        setError(undefined);
      })
      .catch((e: unknown) => mine === generation.current && setError(describeError(e)))
      .finally(() => mine === generation.current && setLoading(false));
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new key is what asks for a new load.
  useEffect(() => run(false), [run, key]);
  // Stable functions, so a page may poll with `refresh` in an effect without restarting its timer on every render.
  const reload = useCallback(() => run(false), [run]);
  const refresh = useCallback(() => run(true), [run]);
  return { value, loading, error, reload, refresh };
}
