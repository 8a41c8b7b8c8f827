/** Graph paths of a synchronization configuration, relative to the API version root (`/v1.0` or `/beta`). */
import { CONFIGURATION_TEMPLATE_ID } from "./types";

const id = encodeURIComponent;
const sp = (spId: string) => `/servicePrincipals/${id(spId)}`;
const jobs = (spId: string) => `${sp(spId)}/synchronization/jobs`;
const job = (spId: string, jobId: string) => `${jobs(spId)}/${id(jobId)}`;

export const syncPaths = {
  instantiate: `/applicationTemplates/${CONFIGURATION_TEMPLATE_ID}/instantiate`,
  /** Every service principal made from the configuration template (take-over looks for its name among them). */
  configurations: `/servicePrincipals?$filter=${id(`applicationTemplateId eq '${CONFIGURATION_TEMPLATE_ID}'`)}`,
  application: (objectId: string) => `/applications/${id(objectId)}`,
  applicationByAppId: (appId: string) => `/applications?$filter=${id(`appId eq '${appId}'`)}`,
  servicePrincipal: sp,
  jobs,
  job,
  jobAction: (spId: string, jobId: string, action: "start" | "pause") => `${job(spId, jobId)}/${action}`,
  schema: (spId: string, jobId: string) => `${job(spId, jobId)}/schema`,
  validateCredentials: (spId: string) => `${jobs(spId)}/validateCredentials`,
  secrets: (spId: string) => `${sp(spId)}/synchronization/secrets`,
  assignments: (spId: string) => `${sp(spId)}/appRoleAssignedTo`,
  assignment: (spId: string, assignmentId: string) => `${sp(spId)}/appRoleAssignedTo/${id(assignmentId)}`,
} as const;
