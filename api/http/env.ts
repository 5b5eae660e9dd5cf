import type { Site } from '../contract/site.ts';

/** What middleware hands to the routes on the request's context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    site: Site;
  };
}
