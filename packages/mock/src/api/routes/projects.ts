import type { MockProject } from '../../resources/records.js';
import { projectJson } from '../../resources/serialize.js';
import type { ApiRoute } from '../handlers.js';
import type { SortKeys } from '../pagination.js';
import {
  inAccount,
  invalidRequest,
  json,
  listPage,
  noContent,
  pathProject,
  pathWorkspace,
  type ResourceScope,
  stringField,
  withRecord,
  withRecordAndData,
} from './shared.js';

const SORT_KEYS: SortKeys<MockProject> = {
  name: (project) => project.name,
  created_at: (project) => project.createdAt,
};

function listProjects(scope: ResourceScope, projects: MockProject[]): Response {
  return listPage(scope, projects, SORT_KEYS, (project) =>
    projectJson(scope.serializer, project, scope.includes),
  );
}

/**
 * Projects: list (by account or workspace), create (with its root folder), show, update, delete (operations
 * `account_projects.index`, `projects.*`).
 */
export const projectRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/projects',
    handle: inAccount((scope) =>
      listProjects(
        scope,
        [...scope.store.projects.values()].filter((project) => project.accountId === scope.account.id),
      ),
    ),
  },
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/workspaces/:workspace_id/projects',
    handle: withRecord(pathWorkspace, (scope, workspace) =>
      listProjects(
        scope,
        [...scope.store.projects.values()].filter((project) => project.workspaceId === workspace.id),
      ),
    ),
  },
  {
    method: 'POST',
    path: '/v4/accounts/:account_id/workspaces/:workspace_id/projects',
    handle: withRecordAndData(pathWorkspace, (scope, workspace, data) => {
      const name = stringField(data, 'name');
      if (!name.ok) return name.response;
      const project = scope.store.createProject({
        workspace,
        name: name.value as string,
        ownerId: scope.userId,
        restricted: data.restricted === true,
      });
      return json({ data: projectJson(scope.serializer, project) }, 201);
    }),
  },
  {
    method: 'GET',
    path: '/v4/accounts/:account_id/projects/:project_id',
    handle: withRecord(pathProject, (scope, project) =>
      json({ data: projectJson(scope.serializer, project, scope.includes) }),
    ),
  },
  {
    method: 'PATCH',
    path: '/v4/accounts/:account_id/projects/:project_id',
    handle: withRecordAndData(pathProject, (scope, project, data) => {
      const name = stringField(data, 'name', { optional: true });
      if (!name.ok) return name.response;
      const { status, restricted } = data;
      if (status !== undefined && status !== 'active' && status !== 'inactive') {
        return invalidRequest(
          { pointer: '/data/status' },
          "Body field /data/status must be 'active' or 'inactive'.",
        );
      }
      if (name.value !== undefined) project.name = name.value;
      if (status !== undefined) project.status = status;
      if (typeof restricted === 'boolean') project.restricted = restricted;
      project.updatedAt = scope.context.clock.now();
      return json({ data: projectJson(scope.serializer, project) });
    }),
  },
  {
    method: 'DELETE',
    path: '/v4/accounts/:account_id/projects/:project_id',
    handle: withRecord(pathProject, (scope, project) => {
      scope.store.deleteProject(project);
      return noContent();
    }),
  },
];
