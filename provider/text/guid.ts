/** The shape of a Microsoft Entra ID (tenant, object, application): a GUID, case-insensitive. */
export const GUID_SOURCE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** A whole string that is a GUID. */
export const GUID_PATTERN = new RegExp(`^${GUID_SOURCE}$`, "i");
