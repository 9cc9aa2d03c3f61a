import * as os from 'node:os';
import * as path from 'node:path';

/** Where global setup leaves what global teardown must undo (per jest process). */
export const TEST_RUN_STATE = path.join(os.tmpdir(), `tutela-test-run-${process.ppid}-${process.pid}.json`);
