/** National clouds: Graph root and login host (graph-behaviour.md §6). Tokens never cross clouds. */
export type CloudName = "global" | "usgovernmentl4" | "usgovernmentl5" | "china";

export interface Cloud {
  readonly name: CloudName;
  readonly graphEndpoint: string;
  readonly authorityHost: string;
}

export const clouds: Readonly<Record<CloudName, Cloud>> = {
  global: {
    name: "global",
    graphEndpoint: "https://graph.microsoft.com",
    authorityHost: "https://login.microsoftonline.com",
  },
  usgovernmentl4: {
    name: "usgovernmentl4",
    graphEndpoint: "https://graph.microsoft.us",
    authorityHost: "https://login.microsoftonline.us",
  },
  usgovernmentl5: {
    name: "usgovernmentl5",
    graphEndpoint: "https://dod-graph.microsoft.us",
    authorityHost: "https://login.microsoftonline.us",
  },
  china: {
    name: "china",
    graphEndpoint: "https://microsoftgraph.chinacloudapi.cn",
    authorityHost: "https://login.chinacloudapi.cn",
  },
};

/** Names @pulumi/azuread and the azure CLI use, mapped to ours. */
const aliases: Readonly<Record<string, CloudName>> = {
  global: "global",
  public: "global",
  azurecloud: "global",
  usgovernment: "usgovernmentl4",
  usgovernmentl4: "usgovernmentl4",
  azureusgovernment: "usgovernmentl4",
  usgovernmentl5: "usgovernmentl5",
  dod: "usgovernmentl5",
  china: "china",
  azurechinacloud: "china",
};

/** Resolves a cloud name case-insensitively; undefined when the name is not known. */
export function findCloud(name: string): Cloud | undefined {
  const key =
    aliases[
      name
        .trim()
        .toLowerCase()
        .replace(/[\s_-]/g, "")
    ];
  return key ? clouds[key] : undefined;
}
