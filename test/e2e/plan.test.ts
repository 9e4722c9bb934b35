/** plan --detailed-exitcode through the real binary: the codes a pipeline step reads (SPEC 10.2). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, run } from './run.js';

const plan = (to: string, ...more: string[]) => run(['plan', '--from', join(EXAMPLES, 'workspace.yaml'), '--to', join(EXAMPLES, to), '--log', join(EXAMPLES, 'day.ndjson'), '--format', 'markdown', '--detailed-exitcode', ...more]);

describe('plan --detailed-exitcode as a process', () => {
  it('exits 0 for no change, 3 for changes, 4 for a tripped gate, 1 when it cannot run', () => {
    expect(plan('workspace.yaml', '--fail-on', 'unreachable').code).toBe(0);
    expect(plan('workspace-next.yaml').code).toBe(3);
    const gate = plan('workspace-next.yaml', '--fail-on', 'unreachable');
    expect([gate.code, gate.stdout.split('\n')[0], gate.stderr]).toEqual([4, '<!-- notifyctl-plan -->', '']);
    const missing = plan('nothing-here.yaml', '--fail-on', 'unreachable');
    expect([missing.code, missing.stdout]).toEqual([1, '']);
  });
});
