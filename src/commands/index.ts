// Commands beyond scan and controls. Each feature registers its own command here, one line each.
import type { Command } from 'commander';

export function registerExtraCommands(_program: Command): void {
  // verify, push, demo, iam-policy, diff … are added here as they land.
}
