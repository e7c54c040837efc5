import { COMMANDS, type CommandName, GLOBAL_OPTIONS, type OptionSpec } from './cli-spec.js';

const WIDTH = 100;

/** Breaks `text` into lines of at most `WIDTH - indent` characters, each indented by `indent` spaces. */
function wrap(text: string, indent: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > WIDTH - indent) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((entry) => `${' '.repeat(indent)}${entry}`).join('\n');
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const entries = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return [flag, spec.description] as const;
  });
  const column = Math.min(30, Math.max(...entries.map(([flag]) => flag.length)) + 4);
  return entries.map(([flag, description]) => {
    const text = wrap(description, column + 2).trimStart();
    return flag.length + 4 > column
      ? `  ${flag}\n${wrap(description, column + 2)}`
      : `  ${flag.padEnd(column)}${text}`;
  });
}

/** `fio --help`: the commands, the global options, auth and exit codes. */
export function generalHelp(): string {
  const commands = Object.values(COMMANDS);
  const column = Math.max(...commands.map((command) => `${command.name} ${command.args}`.length)) + 4;
  return [
    'fio: a command-line client for Frame.io V4.',
    '',
    'Usage: fio <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${`${command.name} ${command.args}`.padEnd(column)}${command.summary}`),
    `  ${'help [command]'.padEnd(column)}Show help for a command.`,
    '',
    'Options (every command):',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Credentials, first match wins:',
    '  --s2s            server-to-server: FRAMEIO_CLIENT_ID and FRAMEIO_CLIENT_SECRET',
    '  --legacy-token   legacy developer token: FRAMEIO_TOKEN',
    '  FIO_AUTH         s2s, legacy-token or login, for scripts that cannot pass a flag',
    '  otherwise        the sign-in stored by `fio login`',
    '',
    'Tokens live in $FIO_CONFIG_DIR, else $XDG_CONFIG_HOME/frameio-v4 (~/.config/frameio-v4; %APPDATA%\\frameio-v4',
    'on Windows).',
    '',
    'Exit codes: 0 ok, 1 failure, 2 bad usage, 3 not signed in / credentials refused, 4 forbidden or not',
    'found, 5 cannot reach Frame.io or Adobe IMS, 130 interrupted.',
    '',
    'Run `fio <command> --help` for the options of a command.',
  ].join('\n');
}

/** The usage line of a command, e.g. `fio comments <file-id> [--json] [--account <account-id>]`. */
export function usageLine(name: CommandName): string {
  const command = COMMANDS[name];
  const options = Object.entries(command.options as Readonly<Record<string, OptionSpec>>).map(
    ([option, spec]) => {
      const text = `--${option}${spec.value ? ` ${spec.value}` : ''}`;
      return spec.required ? text : `[${text}]`;
    },
  );
  return ['fio', name, command.args, ...options].filter(Boolean).join(' ');
}

/** `fio <command> --help`. */
export function commandHelp(name: CommandName): string {
  const command = COMMANDS[name];
  const own = command.options as Readonly<Record<string, OptionSpec>>;
  return [
    `Usage: ${usageLine(name)}`,
    '',
    wrap(command.summary, 0),
    '',
    ...command.details.flatMap((paragraph) => [wrap(paragraph, 0), '']),
    ...(Object.keys(own).length > 0 ? ['Options:', ...optionLines(own), ''] : []),
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
  ].join('\n');
}
