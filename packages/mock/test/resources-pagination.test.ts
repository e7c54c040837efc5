import { describe, expect, test } from 'vitest';
import { DEFAULT_SEED_IDS as ids } from '../src/index.js';
import { type Body, useResourceMock } from './resources-support.js';

const { start } = useResourceMock();
const account = `/v4/accounts/${ids.accountId}`;

/** A mock whose archive project has `count` files named file-01.txt … in its root folder. */
async function withFiles(count: number) {
  const started = await start();
  const names: string[] = [];
  for (let index = 1; index <= count; index++) {
    const name = `file-${String(index).padStart(2, '0')}.txt`;
    started.mock.seed.file({ parentId: ids.archiveRootFolderId, name, content: name });
    names.push(name);
  }
  return { ...started, names };
}

describe('pagination', () => {
  test('page_size, an opaque after cursor and a relative links.next that keeps the query', async () => {
    const { api, names } = await withFiles(7);
    const path = `${account}/folders/${ids.archiveRootFolderId}/files`;
    const first = await api.get(path, { page_size: 3, include: 'creator', sort: 'name_asc' });
    expect(first.body.data.map((file: Body) => file.name)).toEqual(names.slice(0, 3));
    expect(first.body.data[0].creator.email).toBe('alice@example.com');
    expect(first.body).not.toHaveProperty('total_count');

    const next = new URL(first.body.links.next, 'https://relative.invalid');
    expect(first.body.links.next.startsWith(`${path}?`)).toBe(true);
    expect(Object.fromEntries(next.searchParams)).toEqual({
      page_size: '3',
      include: 'creator',
      sort: 'name_asc',
      after: expect.any(String),
    });
    // Opaque: not a plain offset or id a client could build itself.
    expect(next.searchParams.get('after')).not.toMatch(/^\d+$/);

    const seen: string[] = [];
    let link: string | null = first.body.links.next;
    seen.push(...first.body.data.map((file: Body) => file.name));
    let pages = 1;
    while (link) {
      const page = await api.get(
        link.slice(0, link.indexOf('?')),
        Object.fromEntries(new URL(link, 'https://x.invalid').searchParams),
      );
      seen.push(...page.body.data.map((file: Body) => file.name));
      link = page.body.links.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(names);
  });

  test('include_total_count adds total_count; sort orders the whole list', async () => {
    const { api, names } = await withFiles(5);
    const page = await api.get(`${account}/folders/${ids.archiveRootFolderId}/children`, {
      page_size: 2,
      include_total_count: true,
      sort: 'name_desc',
    });
    expect(page.body.total_count).toBe(5);
    expect(page.body.data.map((file: Body) => file.name)).toEqual([names[4], names[3]]);
  });

  test('a cursor that is not ours, or from another list, is a 422 naming the parameter', async () => {
    const { api } = await withFiles(3);
    const path = `${account}/folders/${ids.archiveRootFolderId}/files`;
    const garbage = await api.get(path, { after: 'not-a-cursor' });
    expect(garbage.status).toBe(422);
    expect(garbage.body.errors[0]).toMatchObject({
      title: 'Invalid request',
      source: { parameter: 'after' },
    });

    const first = await api.get(path, { page_size: 1 });
    const after = new URL(first.body.links.next, 'https://x.invalid').searchParams.get('after') as string;
    const elsewhere = await api.get(`${account}/folders/${ids.rootFolderId}/files`, { page_size: 1, after });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.errors[0].detail).toContain('links.next');
  });

  test('page_size bounds: 100 for most lists, 500 for asset lists', async () => {
    const { api } = await start();
    expect((await api.get(`${account}/projects`, { page_size: 100 })).status).toBe(200);
    const tooBig = await api.get(`${account}/projects`, { page_size: 101 });
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.errors[0].source).toEqual({ parameter: 'page_size' });
    expect(
      (await api.get(`${account}/folders/${ids.rootFolderId}/children`, { page_size: 500 })).status,
    ).toBe(200);
    expect(
      (await api.get(`${account}/folders/${ids.rootFolderId}/children`, { page_size: 501 })).status,
    ).toBe(422);
  });

  test('the default page size is 50', async () => {
    const { api } = await withFiles(51);
    const first = await api.get(`${account}/folders/${ids.archiveRootFolderId}/files`);
    expect(first.body.data).toHaveLength(50);
    expect(first.body.links.next).not.toBeNull();
  });
});
