import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { type CommandContext, connect } from '../context.js';
import { CliError, UsageError } from '../errors.js';
import { formatBytes } from '../format.js';
import { ProgressBar } from '../progress.js';
import { locate } from '../resolve.js';

async function checkLocalFile(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new UsageError(`${path} is not a file: fio upload sends one file at a time`, 'upload');
    }
    if (info.size === 0) {
      // V4's local upload requires file_size ≥ 1 (spec: FileCreateLocalUploadParams).
      throw new UsageError(`${path} is empty: Frame.io does not accept empty files`, 'upload');
    }
    return info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as { code?: unknown }).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `no file at ${path}: check the path`
        : `cannot read ${path} (${String(code ?? (error as Error).message)}): check its permissions`,
      'upload',
    );
  }
}

/**
 * `fio upload <file> --to <folder-id>`: `uploadFile` from `@frameio-v4/api/node` (parts read from disk as
 * they are sent, retried when they fail) with a progress bar on stderr; stdout gets the new file id.
 */
export async function upload(context: CommandContext): Promise<void> {
  const { options, stderr, stdout, signal } = context;
  const path = resolve(context.positionals[0] as string);
  const folderId = options.to?.trim();
  if (!folderId) {
    throw new UsageError(
      'fio upload needs --to <folder-id>: the folder to upload into (see `fio ls`)',
      'upload',
    );
  }
  const size = await checkLocalFile(path);
  // Loaded here, not at start-up: only this command needs the upload machinery.
  const { uploadFile } = await import('@frameio-v4/api/node');
  const { client } = connect(context);
  const { account, resource: folder } = await locate(client, 'folder', folderId, options.account, signal);
  const name = options.name?.trim() || basename(path);
  const bar = new ProgressBar({ stream: stderr, label: name, now: context.now });
  bar.update(0, size);
  let file: Awaited<ReturnType<typeof uploadFile>>;
  try {
    file = await uploadFile(client, {
      accountId: account.id,
      folderId: folder.id,
      source: path,
      name,
      signal,
      onProgress: ({ bytesSent, totalBytes }) => bar.update(bytesSent, totalBytes),
    });
  } catch (error) {
    bar.stop();
    throw error;
  }
  bar.finish();
  stderr.write(`Uploaded ${name} (${formatBytes(size)}) to folder "${folder.name}" as file ${file.id}.\n`);
  stdout.write(`${file.id}\n`);
}
