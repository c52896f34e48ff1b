/** @module Label rules: 1–100 characters of letters, digits, `.-_`; not starting with a digit, `aws` or `ssm`. */

export const maxLabelsPerVersion = 10;

/** True when SSM would accept the label; the others are returned as InvalidLabels. */
export function isValidLabel(label: string): boolean {
  return label.length >= 1 && label.length <= 100 && /^[a-zA-Z0-9_.-]+$/.test(label) && !/^(\d|aws|ssm)/i.test(label);
}
