/** The default configuration as a ResourceHandler (the runtime dispatches to it by type name). */
import { resourceHandler } from "../handler";
import { defaultConfigurationKind } from "./kind";
import { diffDefault } from "./diff";
import { createDefault, deleteDefault, readDefault, updateDefault } from "./lifecycle";
import { checkDefaultInputs } from "./schema";
import { DEFAULT_ID, type DefaultInputs, type DefaultOutputs } from "./types";

export const defaultConfigurationHandler = resourceHandler<DefaultInputs, DefaultOutputs>({
  typeName: defaultConfigurationKind.typeName,
  check: checkDefaultInputs,
  diff: diffDefault,
  create: createDefault,
  read: (ctx, _id, props) => readDefault(ctx, props),
  update: (ctx, _id, olds, news) => updateDefault(ctx, olds, news),
  delete: (ctx) => deleteDefault(ctx),
  objectId: () => DEFAULT_ID,
  describe: defaultConfigurationKind.describe,
});
