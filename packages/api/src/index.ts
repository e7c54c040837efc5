export type { AccessToken, TokenSource } from '@frameio-v4/auth-core';
export type { AuthOption } from './auth.js';
export {
  createFrameioClient,
  DEFAULT_BASE_URL,
  type FrameioClient,
  type FrameioClientOptions,
} from './client.js';
export { FrameioApiError, type FrameioApiErrorInit, type FrameioErrorDetail } from './errors.js';
export type { components, operations, paths } from './generated/schema.js';
export {
  type PaginatedItem,
  type PaginatedPath,
  type PaginateInit,
  type PaginateOptions,
  paginate,
} from './paginate.js';
export type { RateLimitInfo } from './rate-limit.js';
export type { RetryOptions } from './retry-policy.js';
export { type FetchResult, type UnwrappedData, unwrap } from './unwrap.js';
export { downloadFile } from './upload/download-file.js';
export {
  DownloadError,
  type DownloadErrorCode,
  type DownloadErrorInit,
  UploadAbortedError,
  UploadError,
  type UploadErrorInit,
  UploadPartError,
  type UploadPartErrorInit,
} from './upload/errors.js';
export type {
  DownloadFileBaseOptions,
  DownloadFileOptions,
  DownloadProgress,
  DownloadResult,
  FrameioFile,
  SliceableUploadSource,
  StreamUploadSource,
  TransferFetch,
  TransferRetryOptions,
  UploadFileBaseOptions,
  UploadFileOptions,
  UploadPartBody,
  UploadPartEvent,
  UploadProgress,
  UploadResumeState,
  UploadSource,
  UploadTarget,
  UploadUrl,
  WaitForUploadOptions,
} from './upload/types.js';
export { uploadFile } from './upload/upload-file.js';

import type { components } from './generated/schema.js';

/** Every schema of the V4 spec by name, e.g. `Schemas['ProjectWithIncludes']`. */
export type Schemas = components['schemas'];
