import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertdeskError } from '../../../../electron/core/errors.js';

/**
 * Test oracles: keytool, javac/java and openssl run for real. JVM start-up dominates the
 * suite's time, so helpers keep JIT work minimal and tests reuse what beforeAll made.
 */

const JVM_FAST = ['-J-XX:TieredStopAtLevel=1', '-J-XX:+UseSerialGC', '-J-Duser.language=en', '-J-Duser.country=US'];
const ENV = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', JAVA_TOOL_OPTIONS: '' };

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion (bounded), never throwing: tests look at the exit code. `env` replaces the default environment. */
export function run(cmd: string, args: string[], opts: { input?: string; timeoutMs?: number; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { env: opts.env ?? ENV, timeout: opts.timeoutMs ?? 30_000, maxBuffer: 16 << 20, cwd: opts.cwd }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    // A program that exits before reading its input (keytool refusing a password) closes the pipe:
    // that EPIPE is not a failure of the run, its exit code says what happened.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(opts.input ?? '');
  });
}

/** Runs a program and returns stdout, throwing with its output when it fails. */
export async function runOk(cmd: string, args: string[], opts: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** keytool with a fast-starting JVM and English, UTF-8 output. */
export function keytool(args: string[], opts: { input?: string } = {}): Promise<string> {
  return runOk('keytool', [...JVM_FAST, ...args], opts);
}

/** keytool that may fail (for negative checks). */
export function keytoolRaw(args: string[], opts: { input?: string } = {}): Promise<RunResult> {
  return run('keytool', [...JVM_FAST, ...args], opts);
}

export interface KeytoolEntry {
  alias: string;
  entryType: string;
  /** SHA-256 fingerprints of the chain (or the one certificate), as keytool prints them. */
  sha256: string[];
}

/** `keytool -list -v`, parsed into aliases, entry types and fingerprints. */
export async function keytoolList(path: string, storepass: string, storetype?: string): Promise<{ type: string; entries: KeytoolEntry[] }> {
  const args = ['-list', '-v', '-keystore', path, '-storepass', storepass, ...(storetype ? ['-storetype', storetype] : [])];
  return parseKeytoolList(await keytool(args));
}

/** Parses `keytool -list -v` output. */
export function parseKeytoolList(out: string): { type: string; entries: KeytoolEntry[] } {
  const type = /^Keystore type: (\S+)/m.exec(out)?.[1] ?? '';
  const entries: KeytoolEntry[] = [];
  for (const block of out.split(/^Alias name: /m).slice(1)) {
    const alias = block.slice(0, block.indexOf('\n'));
    const entryType = /^Entry type: (\S+)/m.exec(block)?.[1] ?? '';
    const sha256 = [...block.matchAll(/^\s*SHA256: ([0-9A-F:]+)/gm)].map((m) => m[1] as string);
    entries.push({ alias, entryType, sha256 });
  }
  return { type, entries };
}

/** SHA-256 fingerprint as keytool prints it. */
export function fingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/** The code of the CertdeskError `fn` throws, or 'no error'; any other throw is passed on. */
export function thrownCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof CertdeskError) return err.code;
    throw err;
  }
  return 'no error';
}

/** The CertdeskError `p` rejects with; any other rejection is passed on, and fulfilling fails the test. */
export async function rejectionOf(p: Promise<unknown>): Promise<CertdeskError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof CertdeskError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

/** A fresh temp folder, removed by the returned cleanup. */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `certdesk-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface KeyPair {
  keyPkcs8Der: Buffer;
  certDer: Buffer;
  keyPem: string;
  certPem: string;
}

/** A key and self-signed certificate for localhost/127.0.0.1 made by openssl. */
export async function opensslKeyPair(dir: string, name: string, alg: 'rsa' | 'ec'): Promise<KeyPair> {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  const newkey = alg === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  await runOk('openssl', [
    'req', '-x509', ...newkey, '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '30',
    '-subj', `/CN=${name}.localhost/O=Certdesk Test`, '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ]);
  const keyPem = await readFile(keyPath, 'utf8');
  const certPem = await readFile(certPath, 'utf8');
  return {
    keyPem,
    certPem,
    keyPkcs8Der: createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'der' }),
    certDer: new X509Certificate(certPem).raw,
  };
}

/** Makes a .pfx with openssl from a key pair. */
export async function opensslPfx(dir: string, name: string, pair: KeyPair, password: string): Promise<Buffer> {
  await writeFile(join(dir, `${name}.pem`), pair.keyPem + pair.certPem);
  const out = join(dir, `${name}.pfx`);
  await runOk('openssl', ['pkcs12', '-export', '-in', join(dir, `${name}.pem`), '-out', out, '-name', name, '-passout', `pass:${password}`]);
  return readFile(out);
}

const ORACLE_SOURCE = String.raw`
import javax.net.ssl.*;
import java.io.*;
import java.net.*;
import java.security.*;
import java.security.cert.X509Certificate;

/** Proves key material: a TLS server from a keystore entry, or a TLS client from a trust store. */
public class CertdeskOracle {
  public static void main(String[] a) throws Exception {
    if (a[0].equals("server")) server(a[1], a[2], a[3], a[4], a[5]);
    else if (a[0].equals("pbe")) pbe(a);
    else client(a[1], a[2], a[3], Integer.parseInt(a[4]));
  }
  /** pbe <password> <iterations> <plaintext> <salt hex>...: PBEWithMD5AndTripleDES ciphertexts, one hex line per salt. */
  static void pbe(String[] a) throws Exception {
    javax.crypto.SecretKey k = javax.crypto.SecretKeyFactory.getInstance("PBEWithMD5AndTripleDES").generateSecret(new javax.crypto.spec.PBEKeySpec(a[1].toCharArray()));
    for (int i = 4; i < a.length; i++) {
      byte[] salt = new java.math.BigInteger(a[i], 16).toByteArray();
      salt = java.util.Arrays.copyOfRange(salt, salt.length - 8, salt.length);
      javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("PBEWithMD5AndTripleDES");
      c.init(javax.crypto.Cipher.ENCRYPT_MODE, k, new javax.crypto.spec.PBEParameterSpec(salt, Integer.parseInt(a[2])));
      StringBuilder sb = new StringBuilder();
      for (byte b : c.doFinal(a[3].getBytes("UTF-8"))) sb.append(String.format("%02x", b));
      System.out.println(sb);
    }
  }
  static KeyStore load(String path, String type, String pass) throws Exception {
    KeyStore ks = KeyStore.getInstance(type);
    try (InputStream in = new FileInputStream(path)) { ks.load(in, pass.toCharArray()); }
    return ks;
  }
  static void server(String path, String type, String storePass, String keyPass, String alias) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
    kmf.init(load(path, type, storePass), keyPass.toCharArray());
    X509KeyManager base = (X509KeyManager) kmf.getKeyManagers()[0];
    X509ExtendedKeyManager pinned = new X509ExtendedKeyManager() {
      public String[] getClientAliases(String t, Principal[] i) { return null; }
      public String chooseClientAlias(String[] t, Principal[] i, Socket s) { return null; }
      public String[] getServerAliases(String t, Principal[] i) { return new String[] { alias }; }
      public String chooseServerAlias(String t, Principal[] i, Socket s) { return alias; }
      public String chooseEngineServerAlias(String t, Principal[] i, SSLEngine e) { return alias; }
      public X509Certificate[] getCertificateChain(String al) { return base.getCertificateChain(al); }
      public PrivateKey getPrivateKey(String al) { return base.getPrivateKey(al); }
    };
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(new KeyManager[] { pinned }, null, null);
    try (SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      ss.setSoTimeout(20000);
      System.out.println("PORT " + ss.getLocalPort());
      System.out.flush();
      try (SSLSocket s = (SSLSocket) ss.accept()) {
        s.setSoTimeout(10000);
        s.startHandshake();
        s.getOutputStream().write("HELLO FROM JAVA\n".getBytes("UTF-8"));
        s.getOutputStream().flush();
        s.getInputStream().read();
      }
    }
  }
  static void client(String path, String type, String pass, int port) throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(load(path, type, pass));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(10000);
      s.startHandshake();
      X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
      byte[] d = MessageDigest.getInstance("SHA-256").digest(peer.getEncoded());
      StringBuilder sb = new StringBuilder();
      for (byte b : d) sb.append(sb.length() == 0 ? "" : ":").append(String.format("%02X", b));
      System.out.println("HANDSHAKE OK " + sb);
    }
  }
}
`;

/** Writes and compiles the Java oracle once; returns the class folder. */
export async function compileOracle(dir: string): Promise<string> {
  await writeFile(join(dir, 'CertdeskOracle.java'), ORACLE_SOURCE);
  await runOk('javac', ['-J-XX:TieredStopAtLevel=1', '-d', dir, join(dir, 'CertdeskOracle.java')]);
  return dir;
}

/** Starts the Java TLS server on a keystore entry; resolves with its port. */
export function startJavaServer(classDir: string, args: { path: string; type: string; storePass: string; keyPass: string; alias: string }): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn('java', ['-XX:TieredStopAtLevel=1', '-cp', classDir, 'CertdeskOracle', 'server', args.path, args.type, args.storePass, args.keyPass, args.alias], { env: ENV });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Java server did not start: ${err}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), child });
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Java server exited (${code}): ${err}`));
    });
  });
}

/** Encrypts with Java's PBEWithMD5AndTripleDES for each salt (hex, 8 bytes); one hex line each. */
export async function javaPbe(classDir: string, password: string, iterations: number, plaintext: string, saltsHex: string[]): Promise<string[]> {
  const out = await runOk('java', ['-XX:TieredStopAtLevel=1', '-cp', classDir, 'CertdeskOracle', 'pbe', password, String(iterations), plaintext, ...saltsHex]);
  return out.trim().split('\n');
}

/** Runs the Java TLS client against a trust store; resolves with its output. */
export function runJavaClient(classDir: string, args: { path: string; type: string; pass: string; port: number }): Promise<RunResult> {
  return run('java', ['-XX:TieredStopAtLevel=1', '-cp', classDir, 'CertdeskOracle', 'client', args.path, args.type, args.pass, String(args.port)], { timeoutMs: 20_000 });
}

/** A root CA and a leaf it signed (EC, fast), made by openssl; the leaf's key is returned as PKCS#8. */
export async function opensslChain(dir: string, name: string): Promise<{ leaf: KeyPair; root: KeyPair }> {
  const root = await opensslKeyPair(dir, `${name}-root`, 'ec');
  const p = (f: string): string => join(dir, `${name}-${f}`);
  await writeFile(p('ext.cnf'), 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n');
  await runOk('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p('leaf.key'), '-out', p('leaf.csr'), '-subj', `/CN=${name}.localhost`]);
  await runOk('openssl', ['x509', '-req', '-in', p('leaf.csr'), '-CA', join(dir, `${name}-root.crt`), '-CAkey', join(dir, `${name}-root.key`),
    '-CAcreateserial', '-days', '30', '-extfile', p('ext.cnf'), '-out', p('leaf.crt')]);
  const keyPem = await readFile(p('leaf.key'), 'utf8');
  const certPem = await readFile(p('leaf.crt'), 'utf8');
  const leaf = { keyPem, certPem, keyPkcs8Der: createPrivateKey(keyPem).export({ type: 'pkcs8', format: 'der' }), certDer: new X509Certificate(certPem).raw };
  return { leaf, root };
}

/** Makes a .pfx holding a key, its certificate and extra certificates (e.g. the chain). */
export async function opensslPfxWithChain(dir: string, name: string, pair: KeyPair, extra: KeyPair[], password: string): Promise<Buffer> {
  await writeFile(join(dir, `${name}.pem`), pair.keyPem + pair.certPem);
  await writeFile(join(dir, `${name}-extra.pem`), extra.map((e) => e.certPem).join(''));
  const out = join(dir, `${name}.pfx`);
  await runOk('openssl', ['pkcs12', '-export', '-in', join(dir, `${name}.pem`), '-certfile', join(dir, `${name}-extra.pem`), '-out', out, '-name', name, '-passout', `pass:${password}`]);
  return readFile(out);
}
