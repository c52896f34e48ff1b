/** @module The SSM and Organizations service models (docs/reference/aws-models), by target, for the tests that hold Bosun to them. */
import { readFileSync } from "node:fs";

export interface ModelShape {
  type: string;
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

export interface ServiceModel {
  shapes: Record<string, ModelShape>;
  operations: Record<string, { input?: { shape: string }; output?: { shape: string } }>;
}

const load = (file: string): ServiceModel =>
  JSON.parse(readFileSync(new URL(`../../docs/reference/aws-models/${file}`, import.meta.url), "utf8")) as ServiceModel;

/** The project's own copies of the models: the tests never skip for want of them. */
export const serviceModels: Record<string, ServiceModel> = {
  AmazonSSM: load("ssm.service-2.json"),
  AWSOrganizationsV20161128: load("organizations.service-2.json"),
};
