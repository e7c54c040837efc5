/**
 * What `fio` accepts: its commands, their arguments and options. The parser, the validation and the help
 * text are all derived from this table, so they cannot drift apart.
 */

/** How `node:util` `parseArgs` reads an option. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Placeholder shown in help for a string option, e.g. `<url>`. */
  readonly value?: string;
  /** One line for `--help`. */
  readonly description: string;
  /** The command cannot run without it (shown without brackets in the usage line). */
  readonly required?: boolean;
}

/** Options every command takes (where they apply; see `AUTH_COMMANDS`). */
export const GLOBAL_OPTIONS = {
  'api-base': {
    type: 'string',
    value: '<url>',
    description: 'Frame.io API root (env FRAMEIO_API_BASE; default https://api.frame.io).',
  },
  'ims-base': {
    type: 'string',
    value: '<url>',
    description:
      'Adobe IMS root (env FRAMEIO_IMS_BASE; default https://ims-na1.adobelogin.com, or the API root when it is not the real API, e.g. the emulator).',
  },
  'client-id': {
    type: 'string',
    value: '<id>',
    description:
      'OAuth client id for `fio login` / the stored login, or the server-to-server client id with --s2s (env FRAMEIO_CLIENT_ID).',
  },
  s2s: {
    type: 'boolean',
    description: 'Use server-to-server credentials from FRAMEIO_CLIENT_ID and FRAMEIO_CLIENT_SECRET.',
  },
  'legacy-token': {
    type: 'boolean',
    description: 'Use the legacy Frame.io developer token in FRAMEIO_TOKEN.',
  },
  help: { type: 'boolean', short: 'h', description: 'Show help.' },
  version: { type: 'boolean', description: 'Print the version of fio.' },
} as const satisfies Record<string, OptionSpec>;

const JSON_OPTION = {
  type: 'boolean',
  description: 'Print JSON (one document on stdout) instead of text.',
} as const satisfies OptionSpec;

const ACCOUNT_OPTION = {
  type: 'string',
  value: '<account-id>',
  description: 'The account to look in (default: every account you are a member of).',
} as const satisfies OptionSpec;

/** A `fio` command: what it takes and how it is described. */
export interface CommandSpec {
  readonly name: string;
  /** Arguments after the command name, as shown in usage, e.g. `<file-id>`. */
  readonly args: string;
  /** Fewest and most positional arguments. */
  readonly positionals: readonly [min: number, max: number];
  /** One line for the command list. */
  readonly summary: string;
  /** Paragraphs shown by `fio <command> --help`. */
  readonly details: readonly string[];
  /** The command's own options (the global ones come on top). */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Whether the command calls the API with the chosen credentials (--s2s, --legacy-token, stored login). */
  readonly usesCredentials: boolean;
  /** Examples for `--help`. */
  readonly examples: readonly string[];
}

/** Every command, in the order `fio --help` lists them. */
export const COMMANDS = {
  login: {
    name: 'login',
    args: '',
    positionals: [0, 0],
    summary: 'Sign in with Adobe in the browser; the tokens are kept for the next commands.',
    details: [
      'Opens the Adobe sign-in page and waits for it to come back to a one-shot server on 127.0.0.1 ' +
        '(OAuth authorization code with PKCE, RFC 8252 loopback redirect). The tokens are stored in the ' +
        'config directory and renewed automatically when the credential gets a refresh token.',
      'Needs the client id of an OAuth Single-Page App or Native App credential whose redirect URI pattern ' +
        'allows http://127.0.0.1:<port>/callback (--client-id or FRAMEIO_CLIENT_ID). Against the emulator ' +
        'the demo client `mock-spa-client` is used when none is given.',
    ],
    options: {
      'no-browser': {
        type: 'boolean',
        description: 'Do not open a browser: print the sign-in URL to open yourself.',
      },
      scopes: {
        type: 'string',
        value: '<scopes>',
        description:
          'Scopes to request, space- or comma-separated (default "openid profile email offline_access additional_info.roles AdobeID").',
      },
    },
    usesCredentials: false,
    examples: ['fio login', 'fio login --no-browser', 'fio --api-base http://127.0.0.1:8787 login'],
  },
  logout: {
    name: 'logout',
    args: '',
    positionals: [0, 0],
    summary: 'Sign out: revoke the stored tokens at Adobe IMS and delete them.',
    details: [
      'The tokens are deleted on this machine even when Adobe IMS cannot be reached (the error is still ' +
        'reported). With --s2s it forgets (and revokes) the cached server-to-server token instead.',
    ],
    options: {},
    usesCredentials: false,
    examples: ['fio logout', 'fio logout --s2s'],
  },
  whoami: {
    name: 'whoami',
    args: '',
    positionals: [0, 0],
    summary: 'Show who the credentials belong to, and which credentials are in use.',
    details: ['Calls GET /v4/me.'],
    options: { json: JSON_OPTION },
    usesCredentials: true,
    examples: ['fio whoami', 'fio whoami --json', 'FRAMEIO_TOKEN=… fio whoami --legacy-token'],
  },
  ls: {
    name: 'ls',
    args: '[path]',
    positionals: [0, 1],
    summary: 'List accounts, workspaces and projects, or the contents of a folder, as a tree.',
    details: [
      'Without a path: every account you belong to, its workspaces and their projects. With a path ' +
        '`Workspace/Project/Folder/…` (each part a name or an id): the projects of a workspace, or the ' +
        "children of a project's root folder or of a folder, folders first, files with their sizes.",
      'A name that contains "/" cannot be written in a path: use its id.',
    ],
    options: {
      json: JSON_OPTION,
      account: ACCOUNT_OPTION,
      depth: {
        type: 'string',
        value: '<n>',
        description: 'How many folder levels to show below the path (default 1).',
      },
    },
    usesCredentials: true,
    examples: [
      'fio ls',
      'fio ls "Main Workspace/Launch Campaign"',
      'fio ls "Main Workspace/Launch Campaign/Footage" --depth 3',
      'fio ls cafe0000-0000-4000-8000-000000000001 --json',
    ],
  },
  comments: {
    name: 'comments',
    args: '<file-id>',
    positionals: [1, 1],
    summary: "Show a file's comments with their authors, timestamps and text.",
    details: ['The file id is shown by `fio ls` (and printed by `fio upload`).'],
    options: { json: JSON_OPTION, account: ACCOUNT_OPTION },
    usesCredentials: true,
    examples: ['fio comments f11e0000-0000-4000-8000-000000000002'],
  },
  upload: {
    name: 'upload',
    args: '<file>',
    positionals: [1, 1],
    summary: 'Upload a local file into a folder, with a progress bar; prints the new file id.',
    details: [
      'The file is sent in parts, read from disk as they go (memory stays flat whatever its size), with ' +
        'retries of failed parts. Progress goes to stderr; stdout gets only the new file id, for scripts.',
      'If the upload stops with parts missing (Ctrl+C, the network), running the same command again sends ' +
        'only the missing parts, as long as the local file is unchanged and the part URLs have not expired.',
    ],
    options: {
      to: {
        type: 'string',
        value: '<folder-id>',
        required: true,
        description: "The folder to upload into (required; a project's root folder id works too).",
      },
      account: ACCOUNT_OPTION,
      name: {
        type: 'string',
        value: '<name>',
        description: 'Name of the file in Frame.io (default: the local file name).',
      },
      restart: {
        type: 'boolean',
        description:
          'Start over instead of resuming an interrupted upload of the same file to the same folder.',
      },
    },
    usesCredentials: true,
    examples: ['fio upload ./take-01.mov --to f01d0000-0000-4000-8000-000000000003'],
  },
} as const satisfies Record<string, CommandSpec>;

/** The name of a command. */
export type CommandName = keyof typeof COMMANDS;

/** Whether `name` is a command. */
export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}
