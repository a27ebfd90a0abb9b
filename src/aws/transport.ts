// The one place that touches the AWS SDK: build clients per (service, region), send a command,
// hand back an encoded answer. Replay (recorded answers) implements the same interface.
import { setMaxListeners } from 'node:events';
import { encode } from './codec.js';
import { errorInfo, type ErrorInfo } from './errors.js';
import { SERVICES, type ServiceId } from './services.js';
import { sdkLogger } from '../output-guard.js';

export interface CallRequest {
  service: ServiceId;
  region: string;
  operation: string;
  input: object;
}

/** `output` is encoded JSON (see codec.ts); exactly one of output/error is set. */
export interface Answer {
  output?: unknown;
  error?: ErrorInfo;
  attempts: number;
}

export interface Transport {
  readonly kind: 'live' | 'replay' | 'simulated';
  send(req: CallRequest): Promise<Answer>;
}

export interface LiveOptions {
  profile?: string;
  endpointUrl?: string;
  maxAttempts: number;
  /** Credentials provider; defaults to the SDK's default chain (env, SSO, profiles, roles). */
  credentials?: unknown;
  /** Aborts requests in flight (SIGINT). */
  signal?: AbortSignal;
}

export type SdkModule = Record<string, unknown>;
type SdkClient = { send(cmd: unknown, opts?: { abortSignal?: AbortSignal }): Promise<Record<string, unknown>>; destroy?(): void };

const sdkModules = new Map<string, Promise<SdkModule>>();

/** The SDK v3 package of a service, imported once per process. */
export function sdkModule(service: ServiceId): Promise<SdkModule> {
  const pkg = SERVICES[service].pkg;
  let m = sdkModules.get(pkg);
  if (!m) sdkModules.set(pkg, (m = import(pkg) as Promise<SdkModule>));
  return m;
}

/** How every SDK client of a scan is configured (the custom endpoint aside: LiveTransport adds it). */
export function sdkClientConfig(region: string, opts: Pick<LiveOptions, 'maxAttempts' | 'credentials' | 'profile'>): Record<string, unknown> {
  const cfg: Record<string, unknown> = {
    region,
    maxAttempts: opts.maxAttempts,
    // The engine paces each API itself (scheduler.ts); the SDK's adaptive limiter would slow
    // every API of a client when one of them is throttled.
    retryMode: 'standard',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  };
  const logger = sdkLogger();
  if (logger) cfg.logger = logger;
  if (opts.credentials) cfg.credentials = opts.credentials;
  if (opts.profile && !opts.credentials) cfg.profile = opts.profile;
  return cfg;
}

export class LiveTransport implements Transport {
  readonly kind = 'live' as const;
  private readonly clients = new Map<string, Promise<SdkClient>>();

  constructor(private readonly opts: LiveOptions) {
    // Every request in flight follows the scan's signal: that many listeners is by design.
    if (opts.signal) setMaxListeners(0, opts.signal);
  }

  private client(service: ServiceId, region: string): Promise<SdkClient> {
    const key = `${service}|${region}`;
    let c = this.clients.get(key);
    if (!c) {
      c = sdkModule(service).then((mod) => {
        const Ctor = mod[SERVICES[service].client] as new (cfg: object) => SdkClient;
        if (typeof Ctor !== 'function') throw new Error(`SDK package ${SERVICES[service].pkg} has no ${SERVICES[service].client}`);
        const cfg = sdkClientConfig(region, this.opts);
        if (this.opts.endpointUrl) {
          cfg.endpoint = this.opts.endpointUrl;
          // A custom endpoint seldom serves virtual-hosted bucket names.
          if (service === 's3') cfg.forcePathStyle = true;
          // S3 Control's endpoint rules put the account ID in front of any endpoint's host
          // (http://123456789012.127.0.0.1:4566/ is no URL); disableHostPrefix and forcePathStyle
          // do not change that. An endpointProvider replaces those rules: the endpoint as given.
          // The account still travels in the x-amz-account-id header; requests are signed for s3.
          if (service === 's3control') {
            const url = new URL(this.opts.endpointUrl);
            cfg.endpointProvider = () => ({ url });
          }
        }
        return new Ctor(cfg);
      });
      this.clients.set(key, c);
    }
    return c;
  }

  async send(req: CallRequest): Promise<Answer> {
    const mod = await sdkModule(req.service);
    const Cmd = mod[`${req.operation}Command`] as new (input: object) => unknown;
    if (typeof Cmd !== 'function') throw new Error(`SDK package ${SERVICES[req.service].pkg} has no ${req.operation}Command`);
    const client = await this.client(req.service, req.region);
    // One controller per request, following the scan's: the SDK's HTTP handler *assigns*
    // `signal.onabort`, so on a shared signal only the last request sent would be aborted.
    const scanSignal = this.opts.signal;
    const own = scanSignal ? new AbortController() : undefined;
    const follow = () => own?.abort();
    if (scanSignal?.aborted) follow();
    else scanSignal?.addEventListener('abort', follow, { once: true });
    try {
      const out = await client.send(new Cmd(req.input), own ? { abortSignal: own.signal } : undefined);
      const attempts = (out?.$metadata as { attempts?: number } | undefined)?.attempts ?? 1;
      return { output: encode(out ?? {}), attempts };
    } catch (err) {
      const attempts = (err as { $metadata?: { attempts?: number } })?.$metadata?.attempts ?? 1;
      return { error: this.endpointError(errorInfo(err), (err as { hostname?: unknown })?.hostname), attempts };
    } finally {
      scanSignal?.removeEventListener('abort', follow);
    }
  }

  /**
   * A host that does not resolve is read as "no such service in this region" (errors.ts): AWS
   * publishes no DNS name for a service a region lacks. When the host is the custom endpoint's own
   * (or a name under it, as S3 would build), it is a failure to reach that endpoint: never a
   * reason to skip a region.
   */
  private endpointError(info: ErrorInfo, hostname: unknown): ErrorInfo {
    if (!this.opts.endpointUrl || info.code !== 'ENOTFOUND') return info;
    const endpointHost = new URL(this.opts.endpointUrl).hostname;
    const failed = typeof hostname === 'string' ? hostname : /ENOTFOUND\s+(\S+)/.exec(info.message)?.[1];
    if (!failed || (failed !== endpointHost && !failed.endsWith(`.${endpointHost}`))) return info;
    return { name: 'EndpointNotFound', message: `the custom endpoint's host ${failed} does not resolve (${info.message.split('\n')[0]})` };
  }

  destroy(): void {
    for (const c of this.clients.values()) void c.then((x) => x.destroy?.()).catch(() => undefined);
  }
}
