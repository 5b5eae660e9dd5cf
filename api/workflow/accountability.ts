import type { AccountabilityMeasure } from '../contract/site.ts';

export interface Finding {
  staffMember: string;
  substantiated: boolean;
  /** when the finding was recorded */
  at: string;
}

export interface PersonRecord {
  staffMember: string;
  /** substantiated findings in the year */
  count: number;
  /** the measure the count reaches, or null below the first threshold */
  measure: AccountabilityMeasure | null;
}

/** The calendar year of an instant in the site's time zone. */
function yearIn(at: string, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(new Date(at)));
}

/**
 * Substantiated conduct findings per person in one calendar year and the measure each count
 * reaches (002 篇2 第十二條: 1 talk, 2 public criticism, 3 appraisal failed, 4 or more suspension).
 * Unsubstantiated findings never count.
 */
export function accountabilityForYear(
  findings: readonly Finding[],
  year: number,
  timeZone: string,
  measures: readonly AccountabilityMeasure[],
): PersonRecord[] {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    if (!finding.substantiated || yearIn(finding.at, timeZone) !== year) continue;
    const person = finding.staffMember.trim();
    counts.set(person, (counts.get(person) ?? 0) + 1);
  }
  const ladder = [...measures].sort((a, b) => a.count - b.count);
  return [...counts.entries()]
    .map(([staffMember, count]) => ({
      staffMember,
      count,
      measure: ladder.filter((m) => m.count <= count).at(-1) ?? null,
    }))
    .sort((a, b) => b.count - a.count || a.staffMember.localeCompare(b.staffMember));
}
