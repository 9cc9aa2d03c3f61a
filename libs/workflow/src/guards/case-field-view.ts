import { CaseSnapshot } from '../machine/case-snapshot.types';

/**
 * Case data as guards and durations read it: the form data, with the risk level column standing in for
 * `risk_level` when the data lacks it (cases imported before the field existed carry only the column).
 */
export function caseFieldView(snapshot: CaseSnapshot): Readonly<Record<string, unknown>> {
  if (snapshot.data.risk_level !== undefined || snapshot.riskLevel == null) return snapshot.data;
  return { ...snapshot.data, risk_level: snapshot.riskLevel };
}
