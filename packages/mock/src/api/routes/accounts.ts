import { accountJson } from '../../resources/serialize.js';
import type { ApiRoute } from '../handlers.js';
import { isMember, listPage, serializerOf } from './shared.js';

/** `GET /v4/accounts` (operation `accounts.index`): the accounts the token's user is a member of. */
export const accountRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v4/accounts',
    handle: (args) => {
      const serializer = serializerOf(args);
      return listPage(
        args,
        [...args.context.state.resources.accounts.values()].filter((account) =>
          isMember(account, args.principal),
        ),
        { display_name: (account) => account.displayName, created_at: (account) => account.createdAt },
        (account) => accountJson(serializer, account, args.principal.user.id),
      );
    },
  },
];
