/**
 * @module The two sections every document-driven form has (Run Command, State Manager): the document's parameters as
 * fields, and the targets. A change to the targets clears their error.
 */
import type { DocumentParameter, InstanceInformation } from "@aws-sdk/client-ssm";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import { type Targeting, TargetsEditor } from "../../components/targets-editor.tsx";
import type { FieldErrors } from "../../field-errors.ts";
import { DocumentParametersForm } from "./document-parameters.tsx";
import type { ParameterValues } from "./parameter-values.ts";

type Errors = FieldErrors<"parameters" | "targets">;

export function ParametersAndTargets<E extends Errors>(props: {
  parametersTitle: string;
  document: { parameters: readonly DocumentParameter[]; values: ParameterValues; setValues: (values: ParameterValues) => void };
  targets: { targeting: Targeting; setTargeting: (targeting: Targeting) => void };
  choices: { value?: { nodes: readonly InstanceInformation[] } | undefined; loading: boolean };
  errors: E;
  setErrors: (update: (errors: E) => E) => void;
}) {
  const { document, targets, errors } = props;
  return (
    <>
      <Container header={<Header variant="h2">{props.parametersTitle}</Header>}>
        <FormField stretch errorText={errors.parameters}>
          <DocumentParametersForm parameters={document.parameters} values={document.values} onChange={document.setValues} />
        </FormField>
      </Container>
      <Container header={<Header variant="h2">Targets</Header>}>
        <TargetsEditor
          value={targets.targeting}
          onChange={(next) => {
            targets.setTargeting(next);
            props.setErrors((current) => ({ ...current, targets: undefined }));
          }}
          nodes={props.choices.value?.nodes ?? []}
          loading={props.choices.loading}
          error={errors.targets}
        />
      </Container>
    </>
  );
}
