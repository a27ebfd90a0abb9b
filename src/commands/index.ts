// Commands beyond scan and controls. Each feature registers its own command here, one line each.
import type { Command } from 'commander';
import { registerIamPolicy } from './iam-policy.js';
import { registerDiff } from './diff.js';
import { registerVerify } from './verify.js';
import { registerPush } from './push.js';
import { registerDemo } from './demo.js';
import { registerMerge } from './merge.js';

export function registerExtraCommands(program: Command): void {
  registerIamPolicy(program);
  registerDiff(program);
  registerVerify(program);
  registerPush(program);
  registerDemo(program);
  registerMerge(program);
  // verify, push, demo, iam-policy, diff … are added here as they land.
}
