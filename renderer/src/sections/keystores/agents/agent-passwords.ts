/**
 * Agent keystore passwords given in this window, by agent profile id: asked once per agent and kept
 * in memory only while the app runs (never saved, never sent anywhere but the core with each call).
 */
const passwords = new Map<string, string>();

/** The store password given for this agent in this session, if any. */
export function agentPassword(id: string): string | undefined {
  return passwords.get(id);
}

/** Remembers (or, with undefined, forgets) the agent's store password for this session. */
export function rememberAgentPassword(id: string, password: string | undefined): void {
  if (password === undefined) passwords.delete(id);
  else passwords.set(id, password);
}
