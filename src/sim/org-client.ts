// The scanner's side of a simulated organization: transports whose calls carry the access key they
// are signed with, the management account's access (to list the organization), role credentials
// that are assumed through the simulated STS the first time they are used (as the SDK's temporary
// credentials are), and the scan function `scanAccounts` calls, pointing each account's scan at
// its own credentials and telling the simulated AWS when the account is done.
import { AwsAccess } from '../aws/access.js';
import { decode } from '../aws/codec.js';
import { errorInfo } from '../aws/errors.js';
import type { OpSpec } from '../aws/ops.js';
import type { Answer, CallRequest, Transport } from '../aws/transport.js';
import { organizationAccounts, roleArnFor, type MultiDeps } from '../multi/accounts.js';
import { scan } from '../scan.js';
import { DEFAULT_ROLE_NAME, MANAGEMENT_KEY, SimOrganization, type OrgSpec } from './org.js';
import { SdkLoopback } from './sdk-loopback.js';

/** Where a simulated organization answers: this process, or the benchmark's AWS process. */
export interface OrgEndpoint {
  send(accessKey: string, req: CallRequest): Promise<Answer>;
  /** The account's scan is over. */
  release(accountId: string): void;
}

export function inProcessOrg(spec: OrgSpec, ops: readonly OpSpec[]): OrgEndpoint & { org: SimOrganization } {
  const org = new SimOrganization(spec, ops);
  return { org, send: (key, req) => org.send(key, req), release: (id) => org.release(id) };
}

/** A Transport signed with one key; a key that cannot be had (AssumeRole refused) is every call's error. */
export class KeyedTransport implements Transport {
  readonly kind = 'simulated' as const;

  private sdk?: SdkLoopback;

  /** `sdk`: also run every answer through the real SDK client of its service (sdk-loopback.ts). */
  constructor(
    private readonly endpoint: OrgEndpoint,
    private readonly key: () => Promise<string>,
    private readonly withSdk = false,
  ) {}

  async send(req: CallRequest): Promise<Answer> {
    let key: string;
    try {
      key = await this.key();
    } catch (err) {
      return { error: errorInfo(err), attempts: 1 };
    }
    const answer = await this.endpoint.send(key, req);
    if (this.withSdk) {
      this.sdk ??= new SdkLoopback({ accessKeyId: key, secretAccessKey: 'simulated-secret', sessionToken: 'simulated-session-token' });
      await this.sdk.roundTrip(req, answer);
    }
    return answer;
  }
}

/** Role credentials in a simulated account: AssumeRole through the simulated STS, once, when first used. */
export class SimRoleCredentials {
  private key?: Promise<string>;

  constructor(
    private readonly endpoint: OrgEndpoint,
    readonly accountId: string,
    readonly roleArn: string,
    private readonly homeRegion: string,
  ) {}

  accessKey(): Promise<string> {
    this.key ??= this.endpoint.send(MANAGEMENT_KEY, { service: 'sts', region: this.homeRegion, operation: 'AssumeRole', input: { RoleArn: this.roleArn, RoleSessionName: 'aims-scan' } }).then((a) => {
      if (a.error) throw Object.assign(new Error(a.error.message), { name: a.error.name, $metadata: { httpStatusCode: a.error.httpStatus } });
      return (decode(a.output) as { Credentials: { AccessKeyId: string } }).Credentials.AccessKeyId;
    });
    return this.key;
  }
}

/** The active accounts, listed through the management account as `--organization` does. */
export function listOrganization(endpoint: OrgEndpoint, homeRegion: string): Promise<string[]> {
  const transport = new KeyedTransport(endpoint, async () => MANAGEMENT_KEY);
  return organizationAccounts(new AwsAccess({ transport, concurrency: 4, homeRegion, partition: 'aws', pageCap: 1000 }));
}

/** What `scanAccounts` needs to scan a simulated organization: role credentials and a scan per account. */
export function simulatedOrgDeps(endpoint: OrgEndpoint, o: { homeRegion: string; roleName?: string; sdk?: boolean }): Pick<MultiDeps, 'credentialsFor' | 'scanFn'> {
  const role = o.roleName ?? DEFAULT_ROLE_NAME;
  return {
    credentialsFor: (id) => new SimRoleCredentials(endpoint, id, roleArnFor(id, role), o.homeRegion),
    scanFn: (opts, deps) => {
      const creds = opts.credentials as SimRoleCredentials;
      return scan({ ...opts, transport: new KeyedTransport(endpoint, () => creds.accessKey(), o.sdk) }, deps).finally(() => endpoint.release(creds.accountId));
    },
  };
}
