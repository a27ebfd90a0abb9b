// `aims-scan iam-policy`: the least-privilege policy for a scan, as IAM JSON or as a
// CloudFormation template for a scan role. Printed to stdout; notes go to stderr.
import { Option, type Command } from 'commander';
import { defaultRegistry } from '../../checks/registry.js';
import { ADDON_BASES, cloudFormationTemplate, generatePolicy, MANAGED_POLICY_LIMIT, minifiedLength, renderCloudFormation, renderPolicies, type AddonBase } from '../iam/policy.js';
import { SECURITY_AUDIT_SNAPSHOT } from '../iam/security-audit.js';
import { TOOL } from '../version.js';
import { list, logger } from './common.js';
import { checkControlIds } from './control-ids.js';

export function registerIamPolicy(program: Command): void {
  program
    .command('iam-policy')
    .description('print the least-privilege IAM policy a scan needs (derived from the calls the probes declare)')
    .option('--controls <list>', 'comma-separated document control IDs (default: all)', list)
    .option('--with-securityhub-push', 'add the Security Hub push actions (securityhub:BatchImportFindings, the only write)')
    .addOption(new Option('--addon-to <policy>', `print only what this AWS managed policy lacks (snapshot ${SECURITY_AUDIT_SNAPSHOT.version} of ${SECURITY_AUDIT_SNAPSHOT.date})`).choices([...ADDON_BASES]))
    .option('--cloudformation', 'print a CloudFormation template for a scan role (GitHub OIDC and/or account trust) instead')
    .option('--quiet', 'no notes on stderr')
    .addHelpText('after', `\nOne policy is printed as a JSON document; past ${MANAGED_POLICY_LIMIT.toLocaleString('en-US')} characters (minified) the\npolicy is split and printed as a JSON array of documents: attach every one of them.`)
    .action((o: { controls?: string[]; withSecurityhubPush?: boolean; addonTo?: AddonBase; cloudformation?: boolean; quiet?: boolean }) => {
      const log = logger(!!o.quiet);
      const registry = defaultRegistry();
      checkControlIds(o.controls, registry.controlIds);
      const gen = generatePolicy(registry, { controls: o.controls, withSecurityHubPush: !!o.withSecurityhubPush, addonTo: o.addonTo });
      if (o.addonTo) {
        const attach = o.cloudformation ? 'the template attaches it to the role' : `attach ${SECURITY_AUDIT_SNAPSHOT.arn.replace('arn:aws:', 'arn:<partition>:')} as well`;
        log(`${gen.actions.length} of ${gen.required.length} actions are not in ${o.addonTo} (snapshot ${SECURITY_AUDIT_SNAPSHOT.version}, ${SECURITY_AUDIT_SNAPSHOT.date}); ${attach}`);
      }
      if (o.cloudformation) {
        process.stdout.write(renderCloudFormation(cloudFormationTemplate(gen, TOOL.version)));
        return;
      }
      if (gen.policies.length === 0) {
        // Nothing to print is still an answer: the managed policy covers the scan.
        log(`${o.addonTo ?? 'the base policy'} already grants every action these controls need; no add-on policy is required`);
        return;
      }
      if (gen.policies.length > 1) {
        const sizes = gen.policies.map(minifiedLength).join(', ');
        log(`the policy passes the ${MANAGED_POLICY_LIMIT}-character managed-policy limit: printed as ${gen.policies.length} policies (${sizes} characters minified); attach all of them`);
      }
      process.stdout.write(renderPolicies(gen.policies));
    });
}
