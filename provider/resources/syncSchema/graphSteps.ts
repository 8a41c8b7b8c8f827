/**
 * One function per Graph call on a job's schema: GET (null on 404), PUT of the whole document (Graph has no
 * PATCH here: it answers 404), DELETE (back to the template), parseExpression.
 */
import type { LifecycleContext } from "../handler";
import { getOrNull, is404 } from "../shared/graphCalls";
import { schemaPaths } from "./paths";
import type { GraphMappingSource, GraphSyncSchema } from "./types";

export interface SchemaJob {
  spId: string;
  jobId: string;
}

export function getSchema(ctx: LifecycleContext, job: SchemaJob, deadline: number) {
  return getOrNull<GraphSyncSchema>(ctx, schemaPaths.schema(job.spId, job.jobId), deadline);
}

/** PUT replaces the whole schema ([DOC] update.md): the document as read, without its `@odata` annotations. */
export async function putSchema(ctx: LifecycleContext, job: SchemaJob, doc: GraphSyncSchema, deadline: number) {
  const body = Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith("@odata")));
  await ctx.graph.request("PUT", schemaPaths.schema(job.spId, job.jobId), body, { deadline });
}

/** DELETE resets the job's schema to its template's; a 404 (job gone) is done. */
export async function deleteSchema(ctx: LifecycleContext, job: SchemaJob, deadline: number) {
  try {
    await ctx.graph.request("DELETE", schemaPaths.schema(job.spId, job.jobId), undefined, { deadline });
  } catch (e) {
    if (!is404(e)) throw e;
  }
}

export interface ParsedExpression {
  parsingSucceeded: boolean;
  parsedExpression?: GraphMappingSource | null;
  error?: { code?: string; message?: string } | null;
}

export async function parseExpression(
  ctx: LifecycleContext,
  job: SchemaJob,
  expression: string,
  deadline: number,
): Promise<ParsedExpression> {
  const res = await ctx.graph.request<ParsedExpression>(
    "POST",
    schemaPaths.parseExpression(job.spId, job.jobId),
    { expression, targetAttributeDefinition: null, testInputObject: null },
    { deadline },
  );
  return res.body ?? { parsingSucceeded: false };
}
