/** One line of the benchmark table and of `bench/results/<date>.json`; `ratio` is `figure / floor`. */
export interface BenchRow { scenario: string; figure: number; unit: string; floor: number; floorLabel: string; ratio: number; note?: string; p50?: number; p95?: number; p99?: number; errors?: number; peakRssMb?: number; dataset?: string }
