/**
 * Request bodies of the source side of cross-tenant synchronization (issue 16), the same in v1.0 and beta: the
 * parameters of `instantiate`, the writable properties the configuration flow sets on applications and service
 * principals, app role assignments, and the synchronization API's bodies (Graph v1.0 API pages and the Entra guide
 * "Configure cross-tenant synchronization using Microsoft Graph API", steps 5-12). Properties outside these are a
 * 400 naming them, as for the policy objects.
 */
import { EntitySchema, Field, FieldType } from "./types";

const str: Field = { type: { kind: "string" } };
const bool: Field = { type: { kind: "boolean" } };
const guid: Field = { type: { kind: "string", guid: true } };
const strings: Field = { type: { kind: "array", item: { kind: "string" } } };
const objectType = (typeName: string, fields: Record<string, Field>): FieldType => ({
  kind: "object",
  typeName,
  fields,
});
const keyValues = (typeName: string): Field => ({
  type: { kind: "array", item: objectType(typeName, { key: str, value: str }) },
});

export type SourceSideSchemaKind =
  | "instantiate"
  | "application"
  | "servicePrincipal"
  | "appRoleAssignment"
  | "syncJob"
  | "syncSecrets"
  | "validateCredentials"
  | "provisionOnDemand"
  | "restartJob"
  | "syncSchema"
  | "parseExpression";

export const SOURCE_SIDE_SCHEMAS: Record<SourceSideSchemaKind, EntitySchema> = {
  instantiate: { typeName: "microsoft.graph.applicationTemplate.instantiate", key: "", fields: { displayName: str } },
  application: {
    typeName: "microsoft.graph.application",
    key: "id",
    fields: { displayName: str, description: str, notes: str, tags: strings },
  },
  servicePrincipal: {
    typeName: "microsoft.graph.servicePrincipal",
    key: "id",
    fields: {
      displayName: str,
      description: str,
      notes: str,
      tags: strings,
      accountEnabled: bool,
      appRoleAssignmentRequired: bool,
      notificationEmailAddresses: strings,
    },
  },
  appRoleAssignment: {
    typeName: "microsoft.graph.appRoleAssignment",
    key: "id",
    fields: { principalId: guid, resourceId: guid, appRoleId: guid },
  },
  syncJob: { typeName: "microsoft.graph.synchronizationJob", key: "id", fields: { templateId: str } },
  syncSecrets: {
    typeName: "microsoft.graph.synchronizationSecretKeyStringValuePair",
    key: "",
    fields: { value: keyValues("microsoft.graph.synchronizationSecretKeyStringValuePair") },
  },
  validateCredentials: {
    typeName: "microsoft.graph.synchronizationJob.validateCredentials",
    key: "",
    fields: {
      applicationIdentifier: str,
      templateId: str,
      useSavedCredentials: bool,
      credentials: keyValues("microsoft.graph.synchronizationSecretKeyStringValuePair"),
    },
  },
  provisionOnDemand: {
    typeName: "microsoft.graph.synchronizationJob.provisionOnDemand",
    key: "",
    fields: {
      parameters: {
        type: {
          kind: "array",
          item: objectType("microsoft.graph.synchronizationJobApplicationParameters", {
            ruleId: str,
            subjects: {
              type: {
                kind: "array",
                item: objectType("microsoft.graph.synchronizationJobSubject", {
                  objectId: str,
                  objectTypeName: str,
                  links: { type: { kind: "openObject", typeName: "microsoft.graph.synchronizationLinkedObjects" } },
                }),
              },
            },
          }),
        },
      },
    },
  },
  // PUT …/jobs/{jobId}/schema: the whole document; its inner shape is checked by the schema validation
  // (syncSchemaValidation.ts), which names the part that is wrong.
  syncSchema: {
    typeName: "microsoft.graph.synchronizationSchema",
    key: "id",
    fields: {
      id: str,
      version: str,
      synchronizationRules: {
        type: { kind: "array", item: { kind: "openObject", typeName: "microsoft.graph.synchronizationRule" } },
      },
      directories: {
        type: { kind: "array", item: { kind: "openObject", typeName: "microsoft.graph.directoryDefinition" } },
      },
    },
  },
  parseExpression: {
    typeName: "microsoft.graph.synchronizationSchema.parseExpression",
    key: "",
    fields: {
      expression: str,
      testInputObject: { type: { kind: "openObject", typeName: "microsoft.graph.expressionInputObject" } },
      targetAttributeDefinition: { type: { kind: "openObject", typeName: "microsoft.graph.attributeDefinition" } },
    },
  },
  restartJob: {
    typeName: "microsoft.graph.synchronizationJob.restart",
    key: "",
    fields: {
      criteria: {
        type: objectType("microsoft.graph.synchronizationJobRestartCriteria", {
          // synchronizationJobRestartScope is a flags enum: "Full" or e.g. "Watermark, Escrows".
          resetScope: str,
        }),
      },
    },
  },
};
