import type { Category, Priority, SitePolicy } from '../contract/site.ts';

export interface Route {
  category: Category;
  department: string;
  priority: Priority;
}

/** Category → the department that handles it and the priority it starts with. */
export function routeByCategory(policy: SitePolicy, categoryCode: string): Route | undefined {
  const category = policy.categories.find((c) => c.code === categoryCode);
  if (!category) return undefined;
  return { category, department: category.department, priority: category.priority };
}
