import type { MockContext } from '../context.js';
import { constantTimeEqual } from '../random.js';
import type { MockFile } from '../resources/records.js';
import type { RouteDefinition } from '../route.js';
import { contentStream, type MockUpload, PLACEHOLDER_PNG, type UploadPart } from './upload.js';

/** Where the part URLs of `upload_urls` point (relative to the API base URL). */
export const UPLOAD_ROUTE = '/_mock/uploads/:upload_id/:part_number';
/** Where `media_links` point (relative to the API base URL). */
export const MEDIA_ROUTE = '/_mock/media/:file_id/:rendition';

/**
 * An S3-style XML error (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html), which is what
 * a client gets from the real upload URLs. `hint` is the emulator's addition: what to change.
 */
function s3Error(status: number, code: string, message: string, hint: string): Response {
  const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><Hint>${escapeXml(hint)}</Hint></Error>`;
  return new Response(body, { status, headers: { 'content-type': 'application/xml' } });
}

const SIGNATURE_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

/** Reads and drops a request body, so an early error answer still leaves the connection usable. */
async function drain(body: ReadableStream<Uint8Array> | null): Promise<number> {
  if (!body) return 0;
  let received = 0;
  const reader = body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
    received += chunk.value.byteLength;
  return received;
}

type PartBody = { ok: true; bytes: Uint8Array | undefined } | { ok: false; received: number };

/**
 * Streams the body into one buffer of exactly `part.size` bytes (or only counts them when bytes are not kept):
 * the body is never buffered twice, and a body that is too long is counted but not stored.
 */
async function readPart(
  body: ReadableStream<Uint8Array> | null,
  part: UploadPart,
  keep: boolean,
): Promise<PartBody> {
  const buffer = keep ? new Uint8Array(part.size) : undefined;
  let received = 0;
  if (body) {
    const reader = body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      const bytes = chunk.value;
      if (buffer && received + bytes.byteLength <= part.size) buffer.set(bytes, received);
      received += bytes.byteLength;
    }
  }
  return received === part.size ? { ok: true, bytes: buffer } : { ok: false, received };
}

function findPart(context: MockContext, params: Record<string, string>) {
  const upload = context.state.resources.uploads.get(params.upload_id ?? '');
  const number = Number(params.part_number);
  const part = upload && Number.isInteger(number) ? upload.parts[number - 1] : undefined;
  return upload && part ? { upload, part } : undefined;
}

/** A weak content-independent ETag: S3 sends one per part; V4 clients do not send them back. */
function etagOf(upload: MockUpload, part: UploadPart): string {
  let hash = 0x811c9dc5;
  for (const char of `${upload.id}:${part.number}:${part.puts}`) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  }
  return `"${hash.toString(16).padStart(8, '0')}"`;
}

/**
 * `PUT` of one upload part, checked like a presigned S3 URL (facts §3 "Upload"; aiscalestudio `client.py`):
 * no Authorization header, `x-amz-acl: private` and the file's media type as `Content-Type` (both signed
 * headers), exactly the part's size, before the URL expires. A re-PUT replaces the part. The file is complete
 * once every part has arrived.
 */
export function putPartRoute(): RouteDefinition {
  return {
    host: 'api',
    method: 'PUT',
    path: UPLOAD_ROUTE,
    async handle({ request, url, params, context }) {
      const found = findPart(context, params);
      if (!found) {
        await drain(request.body);
        return s3Error(
          404,
          'NoSuchUpload',
          'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
          'Use a URL from upload_urls of a file created with local_upload; deleting the file removes its upload.',
        );
      }
      const { upload, part } = found;
      const signature = url.searchParams.get('signature') ?? '';
      const problem = ((): Response | undefined => {
        if (!constantTimeEqual(signature, upload.signature)) {
          return s3Error(
            403,
            'SignatureDoesNotMatch',
            SIGNATURE_MESSAGE,
            'Use the upload URL exactly as V4 returned it.',
          );
        }
        if (context.clock.now() >= upload.expiresAt) {
          return s3Error(
            403,
            'AccessDenied',
            'Request has expired',
            'Presigned upload URLs expire after 24 hours; create the file again to get new URLs.',
          );
        }
        if (request.headers.has('authorization')) {
          return s3Error(
            400,
            'InvalidArgument',
            'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
            'Do not send the Frame.io bearer token to upload URLs: they are presigned.',
          );
        }
        if ((request.headers.get('x-amz-acl') ?? '') !== 'private') {
          return s3Error(
            403,
            'SignatureDoesNotMatch',
            SIGNATURE_MESSAGE,
            'Send the header x-amz-acl: private (it is signed).',
          );
        }
        const contentType = (request.headers.get('content-type') ?? '').trim();
        if (contentType !== upload.mediaType) {
          return s3Error(
            403,
            'SignatureDoesNotMatch',
            SIGNATURE_MESSAGE,
            `Send Content-Type: ${upload.mediaType} (the file's media_type, which is signed); got '${contentType}'.`,
          );
        }
        return undefined;
      })();
      if (problem) {
        await drain(request.body);
        return problem;
      }

      const body = await readPart(request.body, part, context.state.resources.options.keepUploadedBytes);
      if (!body.ok) {
        const tooLarge = body.received > part.size;
        return s3Error(
          400,
          tooLarge ? 'EntityTooLarge' : 'EntityTooSmall',
          `Your proposed upload ${tooLarge ? 'exceeds' : 'is smaller than'} the allowed size.`,
          `Part ${part.number} must be exactly ${part.size} bytes (the size in upload_urls); got ${body.received}.`,
        );
      }
      const now = context.clock.now();
      part.bytes = body.bytes;
      part.receivedAt = now;
      part.puts++;
      if (upload.completedAt === undefined && upload.parts.every((each) => each.receivedAt !== undefined)) {
        upload.completedAt = now;
      }
      return new Response(null, { status: 200, headers: { etag: etagOf(upload, part) } });
    },
  };
}

/** Renditions served as the original's bytes (the emulator does not transcode video). */
const BYTE_RENDITIONS = new Set(['original', 'high_quality', 'efficient', 'video_h264_180']);

/** `Content-Disposition` with an ASCII fallback and the UTF-8 name (RFC 6266 §4.3, RFC 8187). */
function contentDisposition(disposition: string, name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * `GET` of a media link: the uploaded bytes for `original` (and video renditions), a placeholder image for
 * thumbnails. Signed like a CDN URL: no Authorization needed, a wrong signature is a 403.
 */
function getMedia(): RouteDefinition {
  return {
    host: 'api',
    method: 'GET',
    path: MEDIA_ROUTE,
    handle({ url, params, context }) {
      const store = context.state.resources;
      const asset = store.assets.get(params.file_id ?? '');
      const file: MockFile | undefined = asset?.type === 'file' ? asset : undefined;
      const upload = file ? store.uploads.get(file.id) : undefined;
      if (!file || !upload || !constantTimeEqual(url.searchParams.get('signature') ?? '', upload.signature)) {
        return s3Error(
          403,
          'AccessDenied',
          'Access Denied',
          'Use a media link from a file fetched with include=media_links.…',
        );
      }
      const rendition = params.rendition ?? '';
      if (store.fileStatus(file) !== 'transcoded') {
        return s3Error(
          404,
          'NoSuchKey',
          'The specified key does not exist.',
          'The file is not uploaded and processed yet.',
        );
      }
      if (!BYTE_RENDITIONS.has(rendition)) {
        return new Response(PLACEHOLDER_PNG.slice(), {
          headers: { 'content-type': 'image/png', 'content-length': String(PLACEHOLDER_PNG.byteLength) },
        });
      }
      const stream = contentStream(upload);
      if (!stream) {
        return s3Error(
          404,
          'NoSuchKey',
          'The specified key does not exist.',
          'The emulator did not keep these bytes: create the mock with keepUploadedBytes: true (the default).',
        );
      }
      const disposition = url.searchParams.get('disposition') === 'inline' ? 'inline' : 'attachment';
      return new Response(stream, {
        headers: {
          'content-type': file.mediaType,
          'content-length': String(upload.size),
          'content-disposition': contentDisposition(disposition, file.name),
        },
      });
    },
  };
}

/** The routes behind `upload_urls` and `media_links`, on the API host (fault rules can target them). */
export function uploadRoutes(): RouteDefinition[] {
  return [putPartRoute(), getMedia()];
}
