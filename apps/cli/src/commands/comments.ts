import { paginate, type Schemas } from '@frameio-v4/api';
import { type CommandContext, connect, printJson } from '../context.js';
import { formatTimestamp } from '../format.js';
import { locate, PAGE_SIZE } from '../resolve.js';

type Comment = Schemas['CommentWithIncludes'];

/** A comment as `fio comments --json` prints it. */
export interface CommentEntry {
  id: string;
  text: string;
  author: { id: string | null; name: string | null; email: string } | null;
  created_at: string;
  /** Where in the media: a timecode (`HH:MM:SS:FF`) for audio and video, else `null`. */
  timecode: string | null;
  /** The page of a document, if the comment is on one. */
  page: number | null;
  completed_at: string | null;
}

function toEntry(comment: Comment): CommentEntry {
  const { owner } = comment;
  const timestamp = comment.timestamp as unknown;
  return {
    id: comment.id,
    text: comment.text,
    author: owner ? { id: owner.id, name: owner.name, email: owner.email } : null,
    created_at: comment.created_at,
    // Asked for as a timecode (timestamp_as_timecode=true), so a string when there is one.
    timecode:
      typeof timestamp === 'string' ? timestamp : typeof timestamp === 'number' ? `frame ${timestamp}` : null,
    page: comment.page,
    completed_at: comment.completed_at,
  };
}

function heading(entry: CommentEntry): string {
  const author = entry.author
    ? `${entry.author.name ?? entry.author.email}${entry.author.name && entry.author.email ? ` <${entry.author.email}>` : ''}`
    : 'unknown author';
  const parts = [author, formatTimestamp(entry.created_at)];
  if (entry.timecode) parts.push(`at ${entry.timecode}`);
  if (entry.page !== null) parts.push(`page ${entry.page}`);
  if (entry.completed_at) parts.push('completed');
  return parts.join(' · ');
}

/** `fio comments <file-id>`: the file's comments with their authors (`include=owner`), oldest first. */
export async function comments(context: CommandContext): Promise<void> {
  const fileId = context.positionals[0] as string;
  const { client } = connect(context);
  const { account, resource: file } = await locate(
    client,
    'file',
    fileId,
    context.options.account,
    context.signal,
  );
  const entries: CommentEntry[] = [];
  for await (const comment of paginate(client, '/v4/accounts/{account_id}/files/{file_id}/comments', {
    params: {
      path: { account_id: account.id, file_id: file.id },
      query: { include: 'owner', timestamp_as_timecode: true, sort: 'created_at_asc', page_size: PAGE_SIZE },
    },
    signal: context.signal,
  })) {
    entries.push(toEntry(comment));
  }
  if (context.options.json) {
    printJson(context, { file: { id: file.id, name: file.name }, account_id: account.id, comments: entries });
    return;
  }
  const count = entries.length === 1 ? '1 comment' : `${entries.length} comments`;
  const lines = [`${file.name}  file ${file.id}: ${count}`];
  for (const entry of entries) {
    lines.push('', heading(entry), ...entry.text.split('\n').map((line) => `  ${line}`));
  }
  context.stdout.write(`${lines.join('\n')}\n`);
}
