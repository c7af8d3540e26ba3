/** How far a worker has come in one course, as the reports count it (each state includes the ones before it). */
export enum ReportProgressStatus {
  ENROLLED = 'ENROLLED',
  STARTED = 'STARTED',
  COMPLETED = 'COMPLETED',
  CERTIFIED = 'CERTIFIED',
}

/** numeric comes back from pg as a string. */
export const numericColumn = { to: (value: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) };
