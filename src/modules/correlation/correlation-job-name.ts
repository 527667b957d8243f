/** The intake correlation job: computes a new report's matches and records `report.correlated`. */
export const CORRELATE_REPORT_JOB = "correlation.report.v1";
