// Export: the plan export is not built yet, so there is nothing to time.

import type { WorkloadResult } from './common.ts';

export function exportRow(): WorkloadResult {
  const na = 'n/a (export not built yet)';
  return {
    name: 'export',
    rows: [{ workload: 'export', measure: 'export a plan', unit: '', ours: na, baseline: na }],
    details: {},
    notes: [],
  };
}
