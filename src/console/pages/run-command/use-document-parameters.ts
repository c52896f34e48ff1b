/**
 * @module A document's parameters for a form (DescribeDocument), and the form's values: the document's defaults, with
 * values given earlier (a command run again, an association edited) laid over them once the parameters are known.
 */
import { DescribeDocumentCommand, type DocumentParameter } from "@aws-sdk/client-ssm";
import { useEffect, useRef, useState } from "react";
import { describeError, ssmClient } from "../../api.ts";
import type { Session } from "../../session.ts";
import { defaultValues, fromSentParameters, type ParameterValues } from "./parameter-values.ts";

export function useDocumentParameters(
  session: Session,
  documentName: string,
  given: Record<string, string[]> | undefined,
  onError: (error: { title: string; message: string }) => void,
) {
  const [parameters, setParameters] = useState<DocumentParameter[]>([]);
  const [values, setValues] = useState<ParameterValues>({});
  // The latest handler, so that a caller's new function does not ask for a new load.
  const reportError = useRef(onError);
  reportError.current = onError;
  useEffect(() => {
    if (!documentName) return;
    let current = true;
    ssmClient(session)
      .send(new DescribeDocumentCommand({ Name: documentName }))
      .then((d) => {
        if (!current) return;
        const p = d.Document?.Parameters ?? [];
        setParameters(p);
        setValues(given ? { ...defaultValues(p), ...fromSentParameters(p, given) } : defaultValues(p));
      })
      .catch((e: unknown) => current && reportError.current(describeError(e)));
    return () => {
      current = false;
    };
  }, [session, documentName, given]);
  return { parameters, values, setValues };
}
