// The plan periods of a year as the server lists them (GET /api/v1/periods: the core's
// lists, core/plan_period.h): months, quarters and the year, latest first, and per
// frequency the latest that has begun, which a form offers first. The office lists and
// parses no period itself; periodText (format.ts) only puts one into words.
import { useLoad, type Loaded } from "./state";

export interface PeriodsAnswer {
  period: string;
  periods: Record<string, string[]>; // "month" | "quarter" | "year" → periods
  latest: Record<string, string>;
}

export function usePeriods(year: number): Loaded<PeriodsAnswer> {
  return useLoad<PeriodsAnswer>("/api/v1/periods?period=" + year);
}
