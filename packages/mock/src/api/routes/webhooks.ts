import type { MockWebhook } from '../../resources/records.js';
import { webhookJson } from '../../resources/serialize.js';
import type { ApiRoute } from '../handlers.js';
import {
  type Found,
  invalidRequest,
  json,
  listPage,
  noContent,
  pathRecord,
  pathWorkspace,
  type ResourceScope,
  stringField,
  withRecord,
  withRecordAndData,
} from './shared.js';

/**
 * The event types V4 delivers (the spec's `WebhookEvents` example; AdobeDocs guides/Webhooks lists the same
 * 30). A webhook for anything else would never fire, so the emulator refuses it.
 */
export const WEBHOOK_EVENTS: readonly string[] = [
  'file.created',
  'file.deleted',
  'file.ready',
  'file.updated',
  'file.upload.completed',
  'file.versioned',
  'file.copied',
  'folder.created',
  'folder.deleted',
  'folder.updated',
  'folder.copied',
  'comment.completed',
  'comment.created',
  'comment.deleted',
  'comment.uncompleted',
  'comment.updated',
  'customfield.created',
  'customfield.updated',
  'customfield.deleted',
  'metadata.value.updated',
  'project.created',
  'project.deleted',
  'project.updated',
  'collection.created',
  'collection.updated',
  'collection.deleted',
  'share.created',
  'share.updated',
  'share.deleted',
  'share.viewed',
];

/** `events`: a non-empty list of distinct, known event types. */
function eventsOf(value: unknown): Found<string[]> {
  if (!Array.isArray(value) || value.length === 0 || new Set(value).size !== value.length) {
    return {
      ok: false,
      response: invalidRequest(
        { pointer: '/data/events' },
        "Body field /data/events must be a non-empty list of distinct event types, e.g. ['file.ready'].",
      ),
    };
  }
  for (const [index, event] of value.entries()) {
    if (typeof event !== 'string' || !WEBHOOK_EVENTS.includes(event)) {
      return {
        ok: false,
        response: invalidRequest(
          { pointer: `/data/events/${index}` },
          `Body field /data/events/${index}: '${String(event)}' is not a V4 webhook event. Use one of: ${WEBHOOK_EVENTS.join(', ')}.`,
        ),
      };
    }
  }
  return { ok: true, value: value as string[] };
}

/** Webhook URLs must be absolute http(s) URLs: V4 POSTs events to them. */
function urlOf(value: unknown, optional: boolean): Found<string | undefined> {
  if (value === undefined && optional) return { ok: true, value: undefined };
  let valid = false;
  if (typeof value === 'string') {
    try {
      valid = ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      valid = false;
    }
  }
  return valid
    ? { ok: true, value: value as string }
    : {
        ok: false,
        response: invalidRequest(
          { pointer: '/data/url' },
          'Body field /data/url must be an absolute https:// URL.',
        ),
      };
}

const WEBHOOKS_HINT =
  'List the webhooks of a workspace with GET /v4/accounts/{account_id}/workspaces/{workspace_id}/webhooks.';

function findWebhook(scope: ResourceScope): Found<MockWebhook> {
  return pathRecord(scope, 'webhook_id', 'Webhook', 'webhook', WEBHOOKS_HINT);
}

/**
 * Webhooks of a workspace: list, create (the only answer that carries the signing `secret`), show, update,
 * delete (operations `webhooks.*`). The emulator stores them but does not deliver events.
 */
export const webhookRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/workspaces/:workspace_id/webhooks',
    handle: withRecord(pathWorkspace, (scope, workspace) =>
      listPage(
        scope,
        [...scope.store.webhooks.values()].filter((webhook) => webhook.workspaceId === workspace.id),
        { name: (webhook) => webhook.name, created_at: (webhook) => webhook.createdAt },
        (webhook) => webhookJson(scope.serializer, webhook, { includes: scope.includes }),
      ),
    ),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/workspaces/:workspace_id/webhooks',
    handle: withRecordAndData(pathWorkspace, (scope, workspace, data) => {
      const name = stringField(data, 'name');
      if (!name.ok) return name.response;
      const url = urlOf(data.url, false);
      if (!url.ok) return url.response;
      const events = eventsOf(data.events);
      if (!events.ok) return events.response;
      const webhook = scope.store.createWebhook({
        workspace,
        name: name.value as string,
        url: url.value as string,
        events: events.value,
        creatorId: scope.userId,
      });
      return json({ data: webhookJson(scope.serializer, webhook, { withSecret: true }) }, 201);
    }),
  },
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/webhooks/:webhook_id',
    handle: withRecord(findWebhook, (scope, webhook) =>
      json({ data: webhookJson(scope.serializer, webhook, { includes: scope.includes }) }),
    ),
  },
  {
    method: 'PATCH',
    path: '/v4/accounts/:account_id/webhooks/:webhook_id',
    handle: withRecordAndData(findWebhook, (scope, webhook, data) => {
      const name = stringField(data, 'name', { optional: true });
      if (!name.ok) return name.response;
      const url = urlOf(data.url, true);
      if (!url.ok) return url.response;
      if (data.events !== undefined) {
        const events = eventsOf(data.events);
        if (!events.ok) return events.response;
        webhook.events = events.value;
      }
      if (name.value !== undefined) webhook.name = name.value;
      if (url.value !== undefined) webhook.url = url.value;
      if (typeof data.active === 'boolean') webhook.active = data.active;
      webhook.updatedAt = scope.context.clock.now();
      return json({ data: webhookJson(scope.serializer, webhook) });
    }),
  },
  {
    method: 'DELETE',
    path: '/v4/accounts/:account_id/webhooks/:webhook_id',
    handle: withRecord(findWebhook, (scope, webhook) => {
      scope.store.webhooks.delete(webhook.id);
      return noContent();
    }),
  },
];
