import { z } from 'zod';
import { Finding } from '../findings.js';
import { op } from './define.js';
import { WrittenFile } from './files.js';

/** The integration agents: saved profiles, and the keystore and HTTPS switch in an agent's home folder. */

/** Error codes the agent domain adds. */
export const AGENT_ERROR_CODES = ['CONFIG_NOT_FOUND', 'CONFIG_INVALID', 'NO_SERVER_KEY'] as const;

const FilePath = z.string().min(1, 'A path is required').max(4096);

/** An agent profile as stored: never a password. */
export const AgentProfile = z.object({
  id: z.string(),
  name: z.string(),
  home: z.string(),
  keystoreType: z.enum(['JKS', 'PKCS12']),
  /** The agent's HTTPS endpoint, e.g. https://agent.example.com:8081. */
  endpoint: z.string().optional(),
  created: z.string(),
  updated: z.string(),
});
export type AgentProfile = z.infer<typeof AgentProfile>;

/** A private-key entry a server could serve (never the key). */
export const ServerKey = z.object({
  alias: z.string(),
  subject: z.string(),
  notAfter: z.string(),
  daysLeft: z.number().int(),
  san: z.array(z.string()),
  expired: z.boolean(),
});
export type ServerKey = z.infer<typeof ServerKey>;

export const AgentStatus = z.object({
  home: z.string(),
  keystorePath: z.string(),
  keystoreExists: z.boolean(),
  configPath: z.string(),
  https: z.boolean(),
  port: z.number().int().nullable(),
  /**
   * The keystore's private-key entries in the order Java lists them (PKCS#12: file order; JKS and
   * JCEKS: Java's hash-table order); null when not read (no keystore, or no store password given).
   */
  serverKeys: z.array(ServerKey).nullable(),
  /** The alias the agent serves: the first of serverKeys, as Java picks; null when none or not read. */
  servedAlias: z.string().nullable(),
  /** What stands between this agent and HTTPS: no-server-key, several-server-keys, served-key-expired, keystore-not-read. */
  findings: z.array(Finding),
});
export type AgentStatus = z.infer<typeof AgentStatus>;

const Endpoint = z
  .string()
  .trim()
  .max(2048)
  .refine((u) => {
    try {
      return /^https?:$/.test(new URL(u).protocol);
    } catch {
      return false;
    }
  }, 'Use a URL such as https://agent.example.com:8081');

export const agentOps = {
  'agent.list': op({
    input: z.object({}).strict(),
    output: z.object({ agents: z.array(AgentProfile) }),
    summary: 'The saved agent profiles.',
  }),
  'agent.save': op({
    input: z
      .object({
        id: z.string().min(1).max(64).optional(),
        name: z.string().trim().min(1, 'A name is required').max(120),
        home: FilePath,
        keystoreType: z.enum(['JKS', 'PKCS12']).default('JKS'),
        endpoint: z.union([Endpoint, z.literal('')]).optional(),
      })
      .strict(),
    output: z.object({ agent: AgentProfile, write: WrittenFile }),
    summary: 'Add or update an agent profile (name, home folder, keystore type, endpoint).',
    records: { kind: 'agent-profile', summary: (_i, out) => `Saved the agent profile '${out.agent.name}' (${out.agent.home}).` },
  }),
  'agent.remove': op({
    input: z.object({ id: z.string().min(1).max(64) }).strict(),
    output: z.object({ removed: AgentProfile, write: WrittenFile }),
    summary: 'Forget an agent profile (its files are not touched).',
    records: { kind: 'agent-profile', summary: (_i, out) => `Removed the agent profile '${out.removed.name}' (its files were not touched).` },
  }),
  'agent.status': op({
    input: z.object({ home: FilePath, storePassword: z.string().max(1024).optional() }).strict(),
    output: AgentStatus,
    summary: "The agent's keystore and config file, and whether HTTPS is on.",
  }),
  'agent.enableHttps': op({
    /** The keystore beside the config (conf/.keystore) is checked first: it must hold a private key (NO_SERVER_KEY otherwise). */
    input: z.object({ configPath: FilePath, storePassword: z.string().max(1024).optional() }).strict(),
    output: z.object({
      configPath: z.string(),
      changed: z.boolean(),
      alreadyEnabled: z.boolean(),
      backupPath: z.string().nullable(),
      backupKind: z.enum(['orig', 'timestamped']).nullable(),
      restartRequired: z.boolean(),
      port: z.number().int().nullable(),
    }),
    summary: 'Switch the agent config to HTTPS (backup first); the agent must then be restarted.',
    writes: ['configPath'],
    records: {
      kind: 'agent-config',
      written: (_i, o) => (o.changed ? [{ path: o.configPath, role: 'config', created: false, backupPath: o.backupPath, backupKind: o.backupKind }] : []),
      summary: (_i, o) => `Switched HTTPS on in ${o.configPath}${o.port === null ? '' : ` (port ${o.port})`}; the agent must be restarted.`,
    },
  }),
};
