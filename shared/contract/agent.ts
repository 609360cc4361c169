import { z } from 'zod';
import { op } from './define.js';
import { WrittenFile } from './files.js';

/** The integration agents: saved profiles, and the keystore and HTTPS switch in an agent's home folder. */

/** Error codes the agent domain adds. */
export const AGENT_ERROR_CODES = ['CONFIG_NOT_FOUND', 'CONFIG_INVALID'] as const;

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

export const AgentStatus = z.object({
  home: z.string(),
  keystorePath: z.string(),
  keystoreExists: z.boolean(),
  configPath: z.string(),
  https: z.boolean(),
  port: z.number().int().nullable(),
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
  }),
  'agent.remove': op({
    input: z.object({ id: z.string().min(1).max(64) }).strict(),
    output: z.object({ removed: AgentProfile, write: WrittenFile }),
    summary: 'Forget an agent profile (its files are not touched).',
  }),
  'agent.status': op({
    input: z.object({ home: FilePath }).strict(),
    output: AgentStatus,
    summary: "The agent's keystore and config file, and whether HTTPS is on.",
  }),
  'agent.enableHttps': op({
    input: z.object({ configPath: FilePath }).strict(),
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
  }),
};
