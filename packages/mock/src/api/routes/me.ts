import { v4JsonResponse } from '../errors.js';
import type { ApiRoute } from '../handlers.js';

/** `GET /v4/me` (operation `users.show`): the `ProfileResponse` of the token's user. */
export const meRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v4/me',
    handle: ({ principal }) => {
      const { user } = principal;
      return v4JsonResponse({
        data: { id: user.id, name: user.name, email: user.email, avatar_url: user.avatarUrl },
      });
    },
  },
];
