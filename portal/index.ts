import { ComplaintPortal } from './complaint-portal.ts';
import { define } from './shared/define.ts';

export { ComplaintPortal };

define('complaint-portal', ComplaintPortal);
