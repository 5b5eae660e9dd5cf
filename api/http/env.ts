import type { Site } from '../contract/site.ts';
import type { Standing } from '../service/access.ts';
import type { Authenticated } from '../service/staff-auth.ts';

/** What middleware hands to the routes on the request's context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    site: Site;
    /** the signed-in member of staff (staff routes) */
    staff: Authenticated;
    /** their roles and departments on the site in the path (staff site routes) */
    standing: Standing;
  };
}
