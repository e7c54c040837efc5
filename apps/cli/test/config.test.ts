// Configuration resolution: flags, environment and defaults (no HTTP involved).
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../src/args.js';
import { configDirectory, resolveConfig } from '../src/config.js';
import { UsageError } from '../src/errors.js';

const optionsOf = (...argv: string[]) => parseCommandLine(['whoami', ...argv]).options;

describe('configDirectory', () => {
  it('prefers FIO_CONFIG_DIR, then %APPDATA% on Windows, then an absolute XDG_CONFIG_HOME, then ~/.config', () => {
    expect(configDirectory({ FIO_CONFIG_DIR: '/tmp/x', XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/a')).toBe(
      '/tmp/x',
    );
    expect(configDirectory({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/a')).toBe('/xdg/frameio-v4');
    expect(configDirectory({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/a')).toBe(
      '/home/a/.config/frameio-v4',
    );
    expect(configDirectory({}, 'darwin', '/Users/a')).toBe('/Users/a/.config/frameio-v4');
    expect(configDirectory({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toMatch(
      /Roaming[\\/]frameio-v4$/,
    );
  });
});

describe('resolveConfig', () => {
  it('targets the real API and IMS by default, with no default client id', () => {
    const config = resolveConfig(optionsOf(), {}, 'linux', '/home/a');

    expect(config).toMatchObject({
      apiBase: 'https://api.frame.io',
      imsBase: 'https://ims-na1.adobelogin.com',
      realApi: true,
      clientId: undefined,
    });
  });

  it('points IMS and the client id at the emulator when only --api-base is given', () => {
    const config = resolveConfig(optionsOf('--api-base', 'http://127.0.0.1:8787/'), {}, 'linux', '/home/a');

    expect(config).toMatchObject({
      apiBase: 'http://127.0.0.1:8787',
      imsBase: 'http://127.0.0.1:8787',
      realApi: false,
      clientId: 'mock-spa-client',
    });
  });

  it('lets flags win over the environment, and ignores empty variables', () => {
    const env = {
      FRAMEIO_API_BASE: 'http://127.0.0.1:1',
      FRAMEIO_IMS_BASE: '',
      FRAMEIO_CLIENT_ID: 'from-env',
    };

    const fromEnv = resolveConfig(optionsOf(), env, 'linux', '/h');
    const fromFlags = resolveConfig(
      optionsOf(
        '--api-base',
        'http://127.0.0.1:2',
        '--client-id',
        'from-flag',
        '--ims-base',
        'http://127.0.0.1:3',
      ),
      env,
      'linux',
      '/h',
    );

    expect(fromEnv).toMatchObject({
      apiBase: 'http://127.0.0.1:1',
      imsBase: 'http://127.0.0.1:1',
      clientId: 'from-env',
    });
    expect(fromFlags).toMatchObject({
      apiBase: 'http://127.0.0.1:2',
      imsBase: 'http://127.0.0.1:3',
      clientId: 'from-flag',
    });
  });

  it('rejects a base URL that is not absolute http(s) with a usage error naming the flag', () => {
    expect(() => resolveConfig(optionsOf('--api-base', 'api.frame.io'), {}, 'linux', '/h')).toThrow(
      UsageError,
    );
    expect(() => resolveConfig(optionsOf('--ims-base', 'ftp://x'), {}, 'linux', '/h')).toThrow(/--ims-base/);
  });
});

describe('parseCommandLine', () => {
  it('accepts options before or after the command and keeps quoted paths whole', () => {
    const line = parseCommandLine([
      '--api-base',
      'http://x',
      'ls',
      'Main Workspace/Launch Campaign',
      '--json',
    ]);

    expect(line.command).toBe('ls');
    expect(line.positionals).toEqual(['Main Workspace/Launch Campaign']);
    expect(line.options).toMatchObject({ apiBase: 'http://x', json: true });
  });

  it('rejects unknown commands, options a command does not take, and missing or extra arguments', () => {
    expect(() => parseCommandLine(['lst'])).toThrow(/unknown command "lst"/);
    expect(() => parseCommandLine(['whoami', '--depth', '2'])).toThrow(/fio whoami does not take --depth/);
    expect(() => parseCommandLine(['ls', '--bogus'])).toThrow(/unknown option --bogus/);
    expect(() => parseCommandLine(['comments'])).toThrow(/needs <file-id>/);
    expect(() => parseCommandLine(['ls', 'Main', 'Workspace'])).toThrow(/quote a path that contains spaces/);
  });
});
