export type { ApiPrincipal } from './api/auth.js';
export type { ApiRoute, ApiRouteArgs } from './api/handlers.js';
export type { RateLimitOptions } from './api/rate-limit.js';
export type { MockClock } from './clock.js';
export type {
  AuthorizeMode,
  DemoCredentials,
  FrameioMockOptions,
  MockClient,
  MockClientType,
  MockUser,
  MockUserInput,
  NativeCredential,
  RedirectUriPattern,
  ServerToServerCredential,
  SpaCredential,
  WebAppCredential,
} from './config.js';
export type {
  ActiveFault,
  Fault,
  FaultMatch,
  FaultRegistry,
  FaultRule,
  ImsErrorCode,
  MockHost,
} from './faults.js';
export { decodeJwtPayload } from './jwt.js';
export {
  createFrameioMock,
  createMockHandlers,
  type FrameioMock,
  type IssueAccessTokenInput,
} from './mock.js';
export { type RandomSource, seededRandom } from './random.js';
export type {
  AccountRole,
  MockAccount,
  MockAnchor,
  MockAsset,
  MockComment,
  MockCommentAttachment,
  MockCommentLink,
  MockFile,
  MockFolder,
  MockProject,
  MockShare,
  MockShareSettings,
  MockTextReviewAnnotation,
  MockVersionStack,
  MockWebhook,
  MockWorkspace,
} from './resources/records.js';
export type { ResourceStore } from './resources/store.js';
export {
  DEFAULT_SEED_IDS,
  type DefaultSeedIds,
  defaultSeed,
  type MockSeeder,
  type SeedAccountInput,
  type SeedCommentInput,
  type SeedFileInput,
  type SeedFolderInput,
  type SeedFunction,
  type SeedProjectInput,
  type SeedShareInput,
  type SeedUser,
  type SeedVersionStackInput,
  type SeedWebhookInput,
  type SeedWorkspaceInput,
} from './seed.js';
export { type ExampleResponse, exampleResponse } from './spec/examples.js';
export {
  type RequestParts,
  type RequestValidation,
  type ValidationErrorEntry,
  validateRequest,
  validateResponse,
} from './spec/validator.js';
export type {
  AccessTokenRecord,
  AuthorizationCodeRecord,
  MockState,
  RefreshTokenRecord,
  RequestLogEntry,
  TokenRecord,
  TokenRequestCounts,
} from './state.js';
export type { MockUploadInfo, MockUploadPartInfo, MockUploads } from './uploads/inspect.js';
