import { z } from "zod";

/** How drivers are authorized: the answer for unregistered tokens and the local list pushed to stations. */
export const authorizationConfigSchema = z.strictObject({
  /**
   * What the CSMS answers for a token nobody registered: `reject` (`Invalid` on 1.6, `Unknown` on 2.x) or
   * `accept` (a provisional acceptance, for open car parks and labs).
   */
  unknownTokens: z.literal(["reject", "accept"], { error: 'expected "reject" or "accept"' }).default("reject"),
  /** Send the local authorization list to every station that boots (when the list is not empty). */
  syncLocalListOnBoot: z.boolean({ error: "expected true or false" }).default(true),
});

/** Authorization settings (see {@link authorizationConfigSchema}). */
export type AuthorizationConfig = z.output<typeof authorizationConfigSchema>;
