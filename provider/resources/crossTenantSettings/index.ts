/** The settings the partner and the default configuration share: types, check, Graph mapping, comparison. */
export * from "./types";
export { checkSettings } from "./schema";
export {
  changedSettings,
  describeSetting,
  devicesFromGraph,
  sameSetting,
  settingFromGraph,
  settingsFromGraph,
} from "./normalise";
export { settingsBody, settingToGraph } from "./payload";
