/** The performance mark the page sets when its first rows are on screen (the benchmark waits for it). */
export const FIRST_ROWS_MARK = 'distillery-results-first-rows';
