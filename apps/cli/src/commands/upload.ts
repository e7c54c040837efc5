import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { UploadError, UploadPartError, type UploadResumeState } from '@frameio-v4/api';
import { type CommandContext, connect } from '../context.js';
import { attachHint, CliError, UsageError } from '../errors.js';
import { formatBytes } from '../format.js';
import { ProgressBar } from '../progress.js';
import { locate } from '../resolve.js';
import { SavedUploads } from '../saved-uploads.js';

async function checkLocalFile(path: string): Promise<{ size: number; mtimeMs: number }> {
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new UsageError(`${path} is not a file: fio upload sends one file at a time`, 'upload');
    }
    if (info.size === 0) {
      // V4's local upload requires file_size ≥ 1 (spec: FileCreateLocalUploadParams).
      throw new UsageError(`${path} is empty: Frame.io does not accept empty files`, 'upload');
    }
    return { size: info.size, mtimeMs: info.mtimeMs };
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
 * The resume state worth keeping after `error`: the file exists and parts are missing. Not after a 400 or 403
 * on a part (an expired or mis-signed URL cannot be sent to again), nor when every part arrived and Frame.io
 * still refused the upload: resuming would only fail the same way.
 */
function resumableState(error: unknown): UploadResumeState | undefined {
  if (!(error instanceof UploadError) || error.resumeState === undefined) return undefined;
  if (error instanceof UploadPartError && (error.status === 400 || error.status === 403)) return undefined;
  const state = error.resumeState;
  return state.completedParts.length < state.uploadUrls.length ? state : undefined;
}

/**
 * `fio upload <file> --to <folder-id>`: `uploadFile` from `@frameio-v4/api/node` (parts read from disk as
 * they are sent, retried when they fail) with a progress bar on stderr; stdout gets the new file id. When the
 * upload stops with parts missing (Ctrl+C, a network outage), its resume state is saved, and the same command
 * sends only the missing parts, until `--restart` or a change to the local file.
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
  const local = await checkLocalFile(path);
  // Loaded here, not at start-up: only this command needs the upload machinery.
  const { uploadFile } = await import('@frameio-v4/api/node');
  const { client } = connect(context);
  const { account, resource: folder } = await locate(client, 'folder', folderId, options.account, signal);

  const savedUploads = new SavedUploads(context.config.configDir);
  const key = SavedUploads.keyFor(context.config.apiBase, folder.id, path);
  let resume: UploadResumeState | undefined;
  if (options.restart) {
    await savedUploads.forget(key);
  } else {
    const found = await savedUploads.find(key, local, account.id);
    resume = found.saved?.resumeState;
    if (found.saved === undefined && found.discarded) stderr.write(`Note: ${found.discarded}.\n`);
  }
  const name = resume?.name ?? (options.name?.trim() || basename(path));
  if (resume !== undefined) {
    stderr.write(
      `Resuming the interrupted upload of ${name}: ${resume.completedParts.length} of ` +
        `${resume.uploadUrls.length} parts are already in Frame.io (--restart starts over).\n`,
    );
  }
  const bar = new ProgressBar({ stream: stderr, label: name, now: context.now });
  bar.update(0, local.size);
  let file: Awaited<ReturnType<typeof uploadFile>>;
  try {
    const onProgress = ({ bytesSent, totalBytes }: { bytesSent: number; totalBytes: number }) =>
      bar.update(bytesSent, totalBytes);
    file = await uploadFile(
      client,
      resume === undefined
        ? { accountId: account.id, folderId: folder.id, source: path, name, signal, onProgress }
        : { accountId: account.id, source: path, resume, signal, onProgress },
    );
  } catch (error) {
    bar.stop();
    const state = resumableState(error);
    if (state === undefined) {
      // Nothing worth resuming (or the saved state just failed for good): the next run starts over.
      await savedUploads.forget(key);
      throw error;
    }
    await savedUploads.save(key, { version: 1, path, ...local, resumeState: state });
    throw attachHint(
      error,
      `${state.completedParts.length} of ${state.uploadUrls.length} parts are in Frame.io. Run the same ` +
        'command again to send only the missing ones, or add --restart to start over.',
    );
  }
  await savedUploads.forget(key);
  bar.finish();
  stderr.write(
    `Uploaded ${name} (${formatBytes(local.size)}) to folder "${folder.name}" as file ${file.id}.\n`,
  );
  stdout.write(`${file.id}\n`);
}
