import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, lockDataDir } from './data-dir-lock';

describe('lockDataDir: one server per embedded data directory', () => {
  const dir = () => join(mkdtempSync(join(tmpdir(), 'tanzim-lock-')), 'data');
  const holder = (pid: number, host = hostname()) =>
    JSON.stringify({ pid, host, startedAt: '2026-12-02T10:00:00.000Z' });

  it('refuses a second lock while the first is held, naming the process that holds it', () => {
    const dataDir = dir();
    const release = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8')).pid).toBe(process.pid);
    expect(() => lockDataDir(dataDir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dataDir)).toThrow(`process ${process.pid}`);
    release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    lockDataDir(dataDir)();
  });

  it('refuses while another live Node process holds it', async () => {
    const dataDir = dir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(`${dataDir}.lock`, holder(other.pid!));
      expect(() => lockDataDir(dataDir)).toThrow(`process ${other.pid}`);
    } finally {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
    }
    // Its owner died without releasing it (kill -9): the next server takes it over.
    const release = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('refuses a lock held from another machine (whose processes it cannot see)', () => {
    const dataDir = dir();
    writeFileSync(`${dataDir}.lock`, holder(1, 'another-host'));
    expect(() => lockDataDir(dataDir)).toThrow('another-host');
  });

  it('releases only its own lock, not one another server took since', () => {
    const dataDir = dir();
    const release = lockDataDir(dataDir);
    writeFileSync(`${dataDir}.lock`, holder(process.pid + 1));
    release();
    expect(existsSync(`${dataDir}.lock`)).toBe(true);
  });
});
