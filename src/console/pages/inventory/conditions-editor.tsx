/**
 * @module Fleet search conditions as rows of key, operator and values: keys suggested from node fields, tags and the
 * inventory schema (`AWS:Application.Version`), the search's operators (versions compare as their ecosystem orders them).
 */
import Autosuggest from "@cloudscape-design/components/autosuggest";
import Button from "@cloudscape-design/components/button";
import Grid from "@cloudscape-design/components/grid";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { Condition } from "../../../protocol/search-conditions.ts";

const operators = [
  { value: "Equal", label: "=", description: "equals one of the values" },
  { value: "NotEqual", label: "!=", description: "equals none of the values" },
  { value: "BeginWith", label: "begins with" },
  { value: "LessThan", label: "<", description: "versions compare as versions" },
  { value: "GreaterThan", label: ">", description: "versions compare as versions" },
  { value: "Exists", label: "exists" },
];

export function ConditionsEditor({
  conditions,
  keys,
  onChange,
}: {
  conditions: Condition[];
  keys: readonly string[];
  onChange: (conditions: Condition[]) => void;
}) {
  const set = (i: number, change: Partial<Condition>) => onChange(conditions.map((c, at) => (at === i ? { ...c, ...change } : c)));
  return (
    <SpaceBetween size="xs">
      {conditions.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place; editing keeps the place.
        <Grid key={i} gridDefinition={[{ colspan: 5 }, { colspan: 2 }, { colspan: 4 }, { colspan: 1 }]}>
          <Autosuggest
            ariaLabel={`Key ${i + 1}`}
            value={c.Key}
            options={keys.map((k) => ({ value: k }))}
            placeholder="AWS:Application.Name, PingStatus, tag:env…"
            enteredTextLabel={(v) => `Use "${v}"`}
            onChange={({ detail }) => set(i, { Key: detail.value })}
          />
          <Select
            ariaLabel={`Operator ${i + 1}`}
            selectedOption={operators.find((o) => o.value === c.Operator) ?? null}
            options={operators}
            onChange={({ detail }) => set(i, { Operator: detail.selectedOption.value ?? "Equal" })}
          />
          <Input
            ariaLabel={`Values ${i + 1}`}
            value={c.Values.join(",")}
            disabled={c.Operator === "Exists"}
            placeholder="Values, separated by commas"
            onChange={({ detail }) => set(i, { Values: detail.value === "" ? [] : detail.value.split(",") })}
          />
          <Button
            // Not a submit button: Enter in a Values field would "click" the form's first one and remove the row.
            formAction="none"
            iconName="remove"
            variant="icon"
            ariaLabel={`Remove condition ${i + 1}`}
            onClick={() => onChange(conditions.filter((_, at) => at !== i))}
          />
        </Grid>
      ))}
      <Button formAction="none" iconName="add-plus" onClick={() => onChange([...conditions, { Key: "", Operator: "Equal", Values: [] }])}>
        Add condition
      </Button>
    </SpaceBetween>
  );
}
