/** The default configuration as a ResourceHandler (the runtime dispatches to it by type name). */
import type { ResourceHandler } from "../handler";
import { DEFAULT_CONFIGURATION } from "../shared/typeNames";
import { stripUndefined } from "../shared/values";
import { diffDefault } from "./diff";
import { createDefault, deleteDefault, readDefault, updateDefault } from "./lifecycle";
import { checkDefaultInputs } from "./schema";
import { DEFAULT_ID, type DefaultInputs } from "./types";

export const defaultConfigurationHandler: ResourceHandler = {
  typeName: DEFAULT_CONFIGURATION,
  check(news, apiVersion, apiVersionKey) {
    const { inputs, failures } = checkDefaultInputs(news, apiVersion, apiVersionKey);
    return { inputs: stripUndefined(inputs), failures };
  },
  diff: (olds, news) => diffDefault(olds, news),
  async create(ctx, inputs) {
    const { id, outs } = await createDefault(ctx, inputs as DefaultInputs);
    return { id, outs: stripUndefined(outs) };
  },
  async read(ctx, _id, props) {
    return stripUndefined(await readDefault(ctx, props));
  },
  async update(ctx, _id, olds, news) {
    const { outs } = await updateDefault(ctx, olds, news as DefaultInputs);
    return { outs: stripUndefined(outs) };
  },
  delete: (ctx) => deleteDefault(ctx),
  objectId: () => DEFAULT_ID,
  describe: () => "the default cross-tenant access configuration",
};
