/// <reference types="node" />
// Node-only module (reached from src/node.ts only).
import { spawn as nodeSpawn } from 'node:child_process';

/** The part of `child_process.spawn` used here; tests pass a fake. */
export type SpawnFunction = (
  command: string,
  args: readonly string[],
  options: { stdio: 'ignore'; detached: boolean; windowsHide: boolean },
) => {
  once(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'exit', listener: (code: number | null) => void): unknown;
  unref(): void;
};

/**
 * The command that opens a URL in the default browser, run WITHOUT a shell so nothing in the URL is
 * interpreted: `open` (macOS), `xdg-open` (Linux and others). On Windows, `start` is a cmd.exe built-in that
 * would need a shell (and cmd treats `&` in a URL as a command separator), so `rundll32
 * url.dll,FileProtocolHandler` does the same job without one.
 */
export function browserOpenerFor(platform: string): { command: string; args: (url: string) => string[] } {
  if (platform === 'darwin') return { command: 'open', args: (url) => [url] };
  if (platform === 'win32') {
    return { command: 'rundll32.exe', args: (url) => ['url.dll,FileProtocolHandler', url] };
  }
  return { command: 'xdg-open', args: (url) => [url] };
}

/**
 * Asks the platform opener to show `url` and resolves `true` once it exits with status 0, `false` if it
 * cannot be started or fails. The opener is detached and unref'd, so it never keeps the process alive.
 */
export function openInBrowser(
  url: string,
  platform: string = process.platform,
  spawn: SpawnFunction = nodeSpawn as unknown as SpawnFunction,
): Promise<boolean> {
  // Only http(s) URLs: an argument starting with "-" or another scheme could make the opener do other things.
  if (!/^https?:\/\//i.test(url)) return Promise.resolve(false);
  const opener = browserOpenerFor(platform);
  return new Promise<boolean>((resolve) => {
    try {
      const child = spawn(opener.command, opener.args(url), {
        stdio: 'ignore',
        detached: true,
        windowsHide: true,
      });
      child.once('error', () => resolve(false));
      child.once('exit', (code) => resolve(code === 0));
      child.unref();
    } catch {
      resolve(false);
    }
  });
}
