/**
 * @module A document's parameters as form fields, from its definitions (DescribeDocument): a StringList is a text area
 * with one item per line, a StringMap or MapList is JSON text, a Boolean is true/false, the rest are single lines.
 */
import type { DocumentParameter } from "@aws-sdk/client-ssm";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import type { ParameterValues } from "./parameter-values.ts";

export function DocumentParametersForm({
  parameters,
  values,
  onChange,
}: {
  parameters: readonly DocumentParameter[];
  values: ParameterValues;
  onChange: (values: ParameterValues) => void;
}) {
  if (parameters.length === 0) return <>This document takes no parameters.</>;
  return (
    <SpaceBetween size="m">
      {parameters.map((p) => {
        const name = p.Name ?? "";
        const value = values[name] ?? "";
        const set = (v: string) => onChange({ ...values, [name]: v });
        const label = name;
        // The SDK's type names only String and StringList; documents also declare Boolean, Integer, StringMap, MapList.
        const type: string = p.Type ?? "String";
        return (
          <FormField
            key={name}
            label={label}
            description={p.Description}
            constraintText={`${type}${type === "StringList" ? ", one item per line" : ""}${p.DefaultValue ? ` (default ${p.DefaultValue})` : ""}`}
          >
            {type === "StringList" || type === "StringMap" || type === "MapList" ? (
              <Textarea ariaLabel={label} value={value} rows={type === "StringList" ? 4 : 3} onChange={({ detail }) => set(detail.value)} />
            ) : type === "Boolean" ? (
              <Select
                ariaLabel={label}
                selectedOption={value ? { value } : null}
                options={[{ value: "true" }, { value: "false" }]}
                onChange={({ detail }) => set(detail.selectedOption.value ?? "")}
              />
            ) : (
              <Input
                ariaLabel={label}
                value={value}
                inputMode={type === "Integer" ? "numeric" : "text"}
                onChange={({ detail }) => set(detail.value)}
              />
            )}
          </FormField>
        );
      })}
    </SpaceBetween>
  );
}
