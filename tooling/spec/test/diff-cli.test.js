// @ts-check
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { snapshots } from './snapshots.js';

const cli = fileURLToPath(new URL('../src/cli.js', import.meta.url));
const cwd = fileURLToPath(new URL('..', import.meta.url));

/** Runs `frameio-spec` and resolves with its exit code and output (a non-zero exit does not reject). @param {string[]} args */
function frameioSpec(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe('frameio-spec diff', () => {
  it('prints the Markdown report and exits 0 even when changes are breaking', async () => {
    const result = await frameioSpec(['diff', snapshots.early, snapshots.weekLater]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('**2 breaking, 2 non-breaking (0 flagged)**');
    expect(result.stdout).toContain(
      '- `PUT /v4/accounts/{account_id}/workspaces/{workspace_id}/projects/{project_id}`: removed',
    );
  });

  it('prints { summary, bump, changes } with --json', async () => {
    const result = await frameioSpec(['diff', snapshots.early, snapshots.weekLater, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.summary).toEqual({ breaking: 2, nonBreaking: 2, flagged: 0 });
    expect(report.bump).toBe('major');
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        kind: 'operation-removed',
        operation: 'PUT /v4/accounts/{account_id}/workspaces/{workspace_id}/webhooks/{webhook_id}',
        classification: 'breaking',
      }),
    );
    expect(report.old.source).toBe(snapshots.early);
  });

  it('exits 1 with --fail-on-breaking when a change is breaking, and 0 when none is', async () => {
    const breaking = await frameioSpec(['diff', snapshots.early, snapshots.weekLater, '--fail-on-breaking']);
    expect(breaking.code).toBe(1);
    expect(breaking.stderr).toContain('2 breaking change(s)');
    const same = await frameioSpec(['diff', snapshots.early, snapshots.early, '--fail-on-breaking']);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('No changes');
  });

  it('takes the new spec from --from', async () => {
    const result = await frameioSpec(['diff', snapshots.weekLater, '--from', snapshots.weekLater, '--json']);
    expect(JSON.parse(result.stdout).bump).toBe('none');
  });

  it('explains that the old spec is needed when it is missing', async () => {
    const result = await frameioSpec(['diff']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('diff needs the old spec');
    expect(result.stderr).toContain("keeps only the locked spec's sha256");
  });
});
