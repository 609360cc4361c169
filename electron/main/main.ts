import { app, BrowserWindow, clipboard, dialog, ipcMain, Notification, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN } from '../../shared/contract/channels.js';
import { ensureDataDirSync, resolveDataDir } from '../core/data-dir.js';
import { createLogger, fileLogSink } from '../core/log.js';
import { KEYCHAIN_SERVICE } from '../core/vault/keychain.js';
import { VERSION } from '../core/version.js';
import { rendererResponder } from './app-protocol.js';
import { startCoreWorker } from './core-host.js';
import { registerIpc } from './ipc.js';
import { confirmTypedWrite, platformHandlers } from './platform.js';
import { startReminders } from './reminders.js';
import { RendererGrants } from './renderer-grants.js';
import { isExternalLink, lockSession, lockWebContents } from './security.js';

// Electron glue only: lifecycle, one window, the security baseline, ipc. The domain lives in core.

protocol.registerSchemesAsPrivileged([
  // corsEnabled: Vite's module scripts load in CORS mode, which custom schemes must opt in to.
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);

const dataDir = resolveDataDir();
app.setPath('userData', dataDir);
ensureDataDirSync(dataDir);
const writeLogLine = fileLogSink(join(dataDir, 'certdesk.log'));
const log = createLogger(writeLogLine);
// Where the page may have the core write, and which links it may open (see renderer-grants.ts).
const grants = new RendererGrants(dataDir);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | undefined;

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => {
    lockWebContents(contents, (url) => grants.mayOpen(url) && void shell.openExternal(url));
  });

  app.whenReady().then(() => {
    lockSession(session.defaultSession);
    protocol.handle('app', rendererResponder(join(__dirname, '..', 'renderer')));
    // The core runs in its own thread: heavy crypto never stalls this process or the window.
    // Packaged, the worker script stays inside app.asar, under its integrity check: Electron reads
    // worker_threads scripts from an asar (electron/electron#33216).
    const workerScript = join(__dirname, 'core-worker.cjs');
    // The worker's logger has already redacted its lines.
    // The vault's "copy secret" writes to this process's clipboard through the worker's relay.
    const core = startCoreWorker(workerScript, { version: VERSION, dataDir, keychainService: KEYCHAIN_SERVICE }, writeLogLine, {
      writeText: (text) => clipboard.writeText(text),
      readText: () => clipboard.readText(),
    });
    app.on('will-quit', () => void core.close());
    // Notification is touched only when there is something to say.
    const stopReminders = startReminders(
      () => core.services['overview.reminders']({}),
      (r) => Notification.isSupported() && new Notification({ title: r.title, body: r.body }).show(),
      (line) => log.warn(line),
    );
    app.on('will-quit', stopReminders);
    registerIpc(
      ipcMain,
      core.services,
      platformHandlers(() => win, dialog, (url) => isExternalLink(url) && void shell.openExternal(url)),
      grants,
      confirmTypedWrite(() => win, dialog),
    );

    win = new BrowserWindow({
      width: 1200,
      height: 800,
      minWidth: 800,
      minHeight: 560,
      title: 'Certdesk',
      show: false,
      webPreferences: {
        preload: join(__dirname, '..', 'preload', 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webviewTag: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        spellcheck: false,
      },
    });
    win.once('ready-to-show', () => win?.show());
    void win.loadURL(`${APP_ORIGIN}/index.html`);
    log.info(`Certdesk ${VERSION} started; data dir ${dataDir}`);
  }, (err: unknown) => {
    log.error(`start-up failed: ${String(err)}`);
    app.quit();
  });

  app.on('window-all-closed', () => app.quit());
}
