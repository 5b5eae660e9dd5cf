import type { Role } from '../../api/contract/staff.ts';
import { systemClock } from '../../api/service/complaints.ts';
import { StaffAuth } from '../../api/service/staff-auth.ts';
import type { TestApi } from './api.ts';

export const PASSWORD = 'correct horse battery staple';

export interface Member {
  id: string;
  email: string;
  cookie: string;
  csrf: string;
  /** a request as this member, signed in with the session cookie (and its CSRF token on changes) */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** Creates an account with roles on a site and signs it in through the API, as the portal would. */
export async function member(
  api: TestApi,
  email: string,
  memberships: { site: string; roles: Role[]; departments?: string[] }[],
  name = email.split('@')[0]!,
): Promise<Member> {
  const user = await new StaffAuth(api.store, systemClock).createUser({
    email,
    name,
    password: PASSWORD,
    memberships: memberships.map((m) => ({ ...m, departments: m.departments ?? [] })),
  });
  return signIn(api, user.id, email);
}

export async function signIn(api: TestApi, id: string, email: string, password = PASSWORD): Promise<Member> {
  const response = await api.app.request('/api/v1/staff/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    id,
    email,
    cookie,
    csrf: csrfToken,
    call: (method, path, body, headers = {}) =>
      Promise.resolve(
        api.app.request(path, {
          method,
          headers: {
            Cookie: cookie,
            ...(method === 'GET' ? {} : { 'X-CSRF-Token': csrfToken }),
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      ),
  };
}
