/** Graph paths of a job's schema, relative to the API version root (`/v1.0` or `/beta`). */
const id = encodeURIComponent;
// Job IDs contain dots (`Azure2Azure.{32 hex}.{guid}`): encoded as one segment, never split.
const schema = (spId: string, jobId: string) =>
  `/servicePrincipals/${id(spId)}/synchronization/jobs/${id(jobId)}/schema`;

export const schemaPaths = {
  schema,
  parseExpression: (spId: string, jobId: string) => `${schema(spId, jobId)}/parseExpression`,
} as const;
