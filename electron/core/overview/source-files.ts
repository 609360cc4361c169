/** Watched certificate files and keystores: read with pki's and keystore's own readers, judged by pki's facts. */
import { basename } from 'node:path';
import type { OverviewFix, Watch } from '../../../shared/contract/overview.js';
import type { KeystoreEntryInfo } from '../../../shared/contract/keystore.js';
import { describeEntries } from '../keystore/service-support.js';
import { loadKeystore } from '../keystore/keystore.js';
import { describeCertificate } from '../pki/cert-facts.js';
import { certificatesFrom } from '../pki/pem.js';
import { readInput } from '../store/read-file.js';
import { CertdeskError } from '../errors.js';
import type { GatheredItem } from './judge.js';
import { type GatherContext, type OverviewPorts, type OverviewSource, problemText, soonestExpiry, subjectName } from './ports.js';
import { keychainAccount, readWatches } from './watch-store.js';

const renewFix = (path: string): OverviewFix => ({ section: 'certificates', action: 'renew-csr', label: 'Renew: make a CSR', path });
const importFix = (path: string): OverviewFix => ({ section: 'keystores', action: 'import-into-keystore', label: 'Import into the keystore', path });
const passwordFix = (path: string): OverviewFix => ({ section: 'overview', action: 'give-password', label: 'Give the keystore password', path });

/** A file that could not be read (or opened) as one failing item, with the reason as its last result. */
export function unreadable(ctx: GatherContext, base: Pick<GatheredItem, 'key' | 'name' | 'kind' | 'where' | 'watchId'>, err: unknown, fix: OverviewFix | null): GatheredItem {
  return { ...base, expires: null, lastCheck: { at: ctx.now.toISOString(), ok: false, summary: problemText(err) }, fix };
}

/** The items of one keystore: one per entry that holds certificates. */
export async function keystoreItems(ctx: GatherContext, path: string, password: string, base: { kind: GatheredItem['kind']; watchId?: string }): Promise<GatheredItem[]> {
  const ks = loadKeystore(await readInput(path, 'keystore', 'keystore'), password, { lockedKeys: 'keep' });
  const entries: KeystoreEntryInfo[] = await describeEntries(ks, ctx.now, ctx.job, ctx.threshold);
  const at = ctx.now.toISOString();
  return entries
    .filter((e) => e.certificates.length > 0)
    .map((e) => {
      const leaf = e.certificates[0];
      return {
        key: `keystore:${path}#${e.alias}`,
        name: e.alias,
        kind: base.kind,
        where: `${path} (${ks.type}${leaf ? `, ${subjectName(leaf.subject)}` : ''})`,
        ...(base.watchId ? { watchId: base.watchId } : {}),
        expires: soonestExpiry(e.certificates),
        lastCheck: { at, ok: true, summary: `Read from the ${ks.type} keystore` },
        fix: e.kind === 'privateKey' ? renewFix(path) : importFix(path),
      };
    });
}

/** A watched keystore's password, from the keychain or the vault. */
export async function watchPassword(ctx: GatherContext, ports: OverviewPorts, w: Watch): Promise<string | null> {
  switch (w.password.from) {
    case 'none':
      return null;
    case 'keychain':
      return ctx.deps.keychain.get(keychainAccount(w.id));
    case 'credential':
      if (!ports.credentialSecret) throw new CertdeskError('PASSWORD_REQUIRED', `The password is in the vault credential '${w.password.name}', and the vault is not available here.`);
      return ports.credentialSecret(w.password.name, 'password');
    default: {
      const never: never = w.password;
      return never;
    }
  }
}

async function certificateFileItem(ctx: GatherContext, w: Watch): Promise<GatheredItem> {
  const base = { key: `file:${w.target}`, name: w.name, kind: 'certificate-file' as const, where: w.target, watchId: w.id };
  try {
    const ders = certificatesFrom(await readInput(w.target, 'certificate file'));
    if (ders.length === 0) throw new CertdeskError('NO_CERTIFICATE', 'The file holds no certificate.');
    const facts = ders.map((d) => describeCertificate(d, ctx.now, ctx.threshold));
    return { ...base, expires: soonestExpiry(facts), lastCheck: { at: ctx.now.toISOString(), ok: true, summary: `${facts.length} certificate${facts.length === 1 ? '' : 's'} read` }, fix: renewFix(w.target) };
  } catch (err) {
    return unreadable(ctx, base, err, null);
  }
}

async function watchedKeystoreItems(ctx: GatherContext, ports: OverviewPorts, w: Watch): Promise<GatheredItem[]> {
  const base = { key: `keystore:${w.target}`, name: w.name || basename(w.target), kind: 'keystore-entry' as const, where: w.target, watchId: w.id };
  try {
    const password = await watchPassword(ctx, ports, w);
    if (password === null) return [unreadable(ctx, base, new Error('The keystore password is not known, so its certificates were not read.'), passwordFix(w.target))];
    return await keystoreItems(ctx, w.target, password, { kind: 'keystore-entry', watchId: w.id });
  } catch (err) {
    return [unreadable(ctx, base, err, passwordFix(w.target))];
  }
}

/** The certificate files and keystores on the watch list. */
export function watchedFilesSource(ports: OverviewPorts): OverviewSource {
  return {
    name: 'watched files',
    async gather(ctx) {
      const list = (await readWatches(ctx.deps)).filter((w) => w.kind !== 'endpoint' && (ctx.watchId === undefined || w.id === ctx.watchId));
      const out: GatheredItem[] = [];
      for (const w of list) {
        ctx.job.throwIfCancelled();
        if (w.kind === 'certificate') out.push(await certificateFileItem(ctx, w));
        else out.push(...(await watchedKeystoreItems(ctx, ports, w)));
      }
      return out;
    },
  };
}
