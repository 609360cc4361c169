import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ORIGIN } from '../../shared/contract/channels.js';
import { createServices } from '../core/services.js';
import { resolveDataDir } from '../core/data-dir.js';
import { createLogger } from '../core/log.js';
import { createKeychain } from '../core/vault/keychain.js';
import { VERSION } from '../core/version.js';
import { rendererResponder } from './app-protocol.js';
import { registerIpc } from './ipc.js';
import { platformHandlers } from './platform.js';
import { isExternalLink, lockSession, lockWebContents } from './security.js';

// Electron glue only: lifecycle, one window, the security baseline, ipc. The domain lives in core.

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const dataDir = resolveDataDir();
app.setPath('userData', dataDir);
mkdirSync(dataDir, { recursive: true });
const log = createLogger((line) => {
  try {
    appendFileSync(join(dataDir, 'certdesk.log'), `${line}\n`);
  } catch {
    // A log that cannot be written must not take the app down.
  }
});

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
    lockWebContents(contents, (url) => void shell.openExternal(url));
  });

  app.whenReady().then(() => {
    lockSession(session.defaultSession);
    protocol.handle('app', rendererResponder(join(__dirname, '..', 'renderer')));
    const services = createServices({ version: VERSION, dataDir, keychain: createKeychain(), log, now: () => new Date() });
    registerIpc(ipcMain, services, platformHandlers(() => win, dialog, (url) => isExternalLink(url) && void shell.openExternal(url)));

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
