import { workspaceJson } from '../../resources/serialize.js';
import type { ApiRoute } from '../handlers.js';
import {
  inAccount,
  json,
  listPage,
  noContent,
  pathWorkspace,
  stringField,
  withData,
  withRecord,
  withRecordAndData,
} from './shared.js';

/** Workspaces of an account: list, create, show, update, delete (operations `workspaces.*`). */
export const workspaceRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/workspaces',
    handle: inAccount((scope) =>
      listPage(
        scope,
        [...scope.store.workspaces.values()].filter((workspace) => workspace.accountId === scope.account.id),
        { name: (workspace) => workspace.name, created_at: (workspace) => workspace.createdAt },
        (workspace) => workspaceJson(scope.serializer, workspace, scope.includes),
      ),
    ),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/workspaces',
    handle: withData((scope, data) => {
      const name = stringField(data, 'name', { optional: true });
      if (!name.ok) return name.response;
      const workspace = scope.store.createWorkspace({
        accountId: scope.account.id,
        // The spec makes `name` optional; the web app names an unnamed workspace like this.
        name: name.value ?? 'Untitled Workspace',
        creatorId: scope.userId,
      });
      return json({ data: workspaceJson(scope.serializer, workspace) }, 201);
    }),
  },
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/workspaces/:workspace_id',
    handle: withRecord(pathWorkspace, (scope, workspace) =>
      json({ data: workspaceJson(scope.serializer, workspace, scope.includes) }),
    ),
  },
  {
    method: 'PATCH',
    path: '/v4/accounts/:account_id/workspaces/:workspace_id',
    handle: withRecordAndData(pathWorkspace, (scope, workspace, data) => {
      const name = stringField(data, 'name', { optional: true });
      if (!name.ok) return name.response;
      if (name.value !== undefined) workspace.name = name.value;
      workspace.updatedAt = scope.context.clock.now();
      return json({ data: workspaceJson(scope.serializer, workspace) });
    }),
  },
  {
    method: 'DELETE',
    path: '/v4/accounts/:account_id/workspaces/:workspace_id',
    handle: withRecord(pathWorkspace, (scope, workspace) => {
      scope.store.deleteWorkspace(workspace);
      return noContent();
    }),
  },
];
