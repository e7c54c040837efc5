import { parseArgs } from 'node:util';
import { COMMANDS, type CommandName, GLOBAL_OPTIONS, isCommandName, type OptionSpec } from './cli-spec.js';
import { UsageError } from './errors.js';

/** The options `fio` understood, by meaning (absent string options are `undefined`). */
export interface CliOptions {
  apiBase: string | undefined;
  imsBase: string | undefined;
  clientId: string | undefined;
  s2s: boolean;
  legacyToken: boolean;
  help: boolean;
  version: boolean;
  json: boolean;
  noBrowser: boolean;
  scopes: string | undefined;
  account: string | undefined;
  depth: string | undefined;
  to: string | undefined;
  name: string | undefined;
  restart: boolean;
}

/** A parsed command line. */
export interface CommandLine {
  /** The command, or `undefined` for `fio`, `fio --help` and `fio --version`. */
  command: CommandName | 'help' | undefined;
  /** Arguments after the command. */
  positionals: string[];
  options: CliOptions;
}

/** Every option any command takes: one parse reads them all, then each command checks its own. */
function allOptions(): Record<string, OptionSpec> {
  const options: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS };
  for (const command of Object.values(COMMANDS)) Object.assign(options, command.options);
  return options;
}

function parseError(error: unknown): UsageError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? message;
    return new UsageError(`unknown option ${option}`);
  }
  // ERR_PARSE_ARGS_INVALID_OPTION_VALUE ("Option '--to <value>' argument missing") and the like.
  return new UsageError(message.replace(/\.$/, ''));
}

/**
 * Parses `argv` (without `node` and the script) with `node:util` `parseArgs`: options may come before or
 * after the command, `--` ends the options. Throws {@link UsageError} for an unknown command or option, an
 * option the command does not take, or the wrong number of arguments.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const specs = allOptions();
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        Object.entries(specs).map(([name, spec]) => [
          name,
          spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw parseError(error);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const [first, ...rest] = parsed.positionals;
  const string = (name: string) => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const options: CliOptions = {
    apiBase: string('api-base'),
    imsBase: string('ims-base'),
    clientId: string('client-id'),
    s2s: values.s2s === true,
    legacyToken: values['legacy-token'] === true,
    help: values.help === true,
    version: values.version === true,
    json: values.json === true,
    noBrowser: values['no-browser'] === true,
    scopes: string('scopes'),
    account: string('account'),
    depth: string('depth'),
    to: string('to'),
    name: string('name'),
    restart: values.restart === true,
  };

  if (first === undefined) return { command: undefined, positionals: [], options };
  if (first === 'help') {
    if (rest.length > 1) throw new UsageError('`fio help` takes at most one command name');
    return { command: 'help', positionals: rest, options };
  }
  if (!isCommandName(first)) {
    throw new UsageError(`unknown command "${first}"; the commands are: ${Object.keys(COMMANDS).join(', ')}`);
  }
  const spec = COMMANDS[first];
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(GLOBAL_OPTIONS, name) && !Object.hasOwn(spec.options, name)) {
      throw new UsageError(`fio ${first} does not take --${name}`, first);
    }
  }
  if (!options.help) {
    for (const [name, option] of Object.entries(spec.options as Readonly<Record<string, OptionSpec>>)) {
      if (option.required && values[name] === undefined) {
        throw new UsageError(`fio ${first} needs --${name} ${option.value ?? ''}`.trimEnd(), first);
      }
    }
    const [min, max] = spec.positionals;
    if (rest.length < min) {
      throw new UsageError(`fio ${first} needs ${spec.args}`, first);
    }
    if (rest.length > max) {
      const extra = rest.slice(max).join(' ');
      throw new UsageError(
        max === 0
          ? `fio ${first} takes no arguments (got "${extra}")`
          : `fio ${first} takes only ${spec.args} (got also "${extra}"); quote a path that contains spaces`,
        first,
      );
    }
  }
  return { command: first, positionals: rest, options };
}
