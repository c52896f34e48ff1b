/**
 * @module Where a refused form's error belongs. The API answers with an exception name and a message; a form shows
 * it at the field it is about (AWS's validation messages name the member, e.g. `at 'name'`), and only what belongs to
 * no field at the top of the form.
 */

export type FieldErrors<F extends string> = Partial<Record<F | "form", string>>;

/** Which field an error is about: by its exception name first, then by the member its message names. */
export interface FieldRules<F extends string> {
  exceptions?: Partial<Record<string, F>>;
  /** Member names as AWS's messages spell them (`'name'`, `parameters`), lower case, and the field they belong to. */
  members?: readonly (readonly [string, F])[];
}

export function fieldErrors<F extends string>(error: { title: string; message: string }, rules: FieldRules<F>): FieldErrors<F> {
  const text = `${error.title}: ${error.message}`;
  const byException = rules.exceptions?.[error.title];
  if (byException) return { [byException]: error.message } as FieldErrors<F>;
  const lower = error.message.toLowerCase();
  for (const [member, field] of rules.members ?? []) if (lower.includes(member)) return { [field]: error.message } as FieldErrors<F>;
  return { form: text } as FieldErrors<F>;
}
