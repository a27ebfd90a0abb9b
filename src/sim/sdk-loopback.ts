// The AWS SDK's own CPU, put back into a simulated scan. The simulated AWS answers the scanner's
// Transport directly (decoded JSON), so a benchmark of it alone measures the engine but not the
// SDK, which in a live scan costs as much again or more per call (middleware stack, request
// serialization, endpoint rules, SigV4 signing, response parsing: 0.2–0.7 ms of CPU per call on
// Node 20). `SdkLoopback` makes every simulated answer also travel through a real SDK v3 client of
// its service, one client per (service, region) and per account's credentials as LiveTransport
// builds them: the command is built from the call's real input, serialized, signed and retried
// by the SDK, and the answer comes back through the SDK's deserializer in its protocol's wire
// format. Only the socket is skipped (a last middleware returns the HTTP response), so TLS and
// the HTTP client's own CPU are not in the figure: it is a lower bound of the SDK's share.
//
// Wire bodies: JSON protocols (35 of the scanner's 45 clients) get the answer itself as JSON
// (timestamps as epoch seconds, blobs base64), so they parse what a live answer would. XML
// protocols (EC2, IAM, SNS, STS, S3, S3 Control, Route 53) get an envelope of the same length with
// the answer as one text node: the parser reads as many bytes, but fewer elements than a live
// answer has, so their share is under-counted. The scanner never sees what the SDK parsed: the
// simulated answer is what it uses, so verdicts are those of a scan without the loopback.
import { sdkClientConfig, sdkModule, type Answer, type CallRequest } from '../aws/transport.js';
import { decode } from '../aws/codec.js';
import { SERVICES, type ServiceId } from '../aws/services.js';
type Middleware = (next: unknown, context: unknown) => (args: unknown) => Promise<unknown>;
type SdkCommand = { middlewareStack: { add(mw: Middleware, o: { step: string; priority: string; name: string }): void } };
type SdkClient = { send(cmd: SdkCommand): Promise<unknown>; config: { protocol?: { getShapeId?(): string } } };

export interface LoopbackCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

type Wire = 'json' | 'query' | 'ec2' | 'restXml';

function wireOf(client: SdkClient): Wire {
  const id = client.config.protocol?.getShapeId?.() ?? '';
  if (id.endsWith('#awsQuery')) return 'query';
  if (id.endsWith('#ec2Query')) return 'ec2';
  if (id.endsWith('#restXml')) return 'restXml';
  // awsJson1_0, awsJson1_1, restJson1, and the older packages without a protocol object (all JSON).
  return 'json';
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The answer as JSON the SDK's JSON deserializers accept: dates as epoch seconds, bytes as base64. */
function jsonBody(output: unknown): string {
  return JSON.stringify(decode(output) ?? {}, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return raw.getTime() / 1000;
    if (raw instanceof Uint8Array) return Buffer.from(raw).toString('base64');
    return v;
  });
}

export function wireResponse(wire: Wire, operation: string, answer: Answer): { statusCode: number; headers: Record<string, string>; body: Uint8Array } {
  const headers: Record<string, string> = { 'x-amzn-requestid': 'loopback', 'x-amz-request-id': 'loopback' };
  const err = answer.error;
  let body: string;
  let statusCode = 200;
  if (err) {
    statusCode = err.httpStatus && err.httpStatus >= 400 ? err.httpStatus : 400;
    const code = xmlText(err.name);
    const msg = xmlText(err.message ?? '');
    if (wire === 'json') {
      headers['content-type'] = 'application/x-amz-json-1.1';
      headers['x-amzn-errortype'] = err.name;
      body = JSON.stringify({ __type: err.name, message: err.message });
    } else if (wire === 'ec2') {
      headers['content-type'] = 'text/xml';
      body = `<Response><Errors><Error><Code>${code}</Code><Message>${msg}</Message></Error></Errors><RequestID>loopback</RequestID></Response>`;
    } else if (wire === 'query') {
      headers['content-type'] = 'text/xml';
      body = `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${msg}</Message></Error><RequestId>loopback</RequestId></ErrorResponse>`;
    } else {
      headers['content-type'] = 'application/xml';
      body = `<Error><Code>${code}</Code><Message>${msg}</Message><RequestId>loopback</RequestId></Error>`;
    }
  } else if (wire === 'json') {
    headers['content-type'] = 'application/json';
    body = jsonBody(answer.output);
  } else {
    headers['content-type'] = 'text/xml';
    const text = `<Unmodelled>${xmlText(jsonBody(answer.output))}</Unmodelled>`;
    body =
      wire === 'query'
        ? `<${operation}Response><${operation}Result>${text}</${operation}Result><ResponseMetadata><RequestId>loopback</RequestId></ResponseMetadata></${operation}Response>`
        : wire === 'ec2'
          ? `<${operation}Response><requestId>loopback</requestId>${text}</${operation}Response>`
          : `<${operation}Result>${text}</${operation}Result>`;
  }
  return { statusCode, headers, body: Buffer.from(body) };
}

const NO_SOCKET = {
  handle: () => Promise.reject(new Error('sdk-loopback: the loopback middleware did not answer; no request is sent')),
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
};

/** One account's SDK clients; `roundTrip` runs a simulated answer through the SDK and discards the result. */
export class SdkLoopback {
  private readonly clients = new Map<string, Promise<{ client: SdkClient; wire: Wire }>>();

  constructor(private readonly credentials: LoopbackCredentials) {}

  private client(service: ServiceId, region: string): Promise<{ client: SdkClient; wire: Wire }> {
    const key = `${service}|${region}`;
    let c = this.clients.get(key);
    if (!c) {
      c = sdkModule(service).then((mod) => {
        const Ctor = mod[SERVICES[service].client] as new (cfg: object) => SdkClient;
        // As LiveTransport configures its clients, but: one attempt, since the simulated AWS
        // already retried; AWS's own endpoint rules whatever AWS_ENDPOINT_URL says; and an HTTP
        // handler that refuses, so nothing can leave this process should the loopback not answer.
        const client = new Ctor({ ...sdkClientConfig(region, { maxAttempts: 1, credentials: this.credentials }), requestHandler: NO_SOCKET, ignoreConfiguredEndpointUrls: true });
        return { client, wire: wireOf(client) };
      });
      this.clients.set(key, c);
    }
    return c;
  }

  /** What the SDK made of the answer (for tests); the scan itself ignores it. */
  async roundTrip(req: CallRequest, answer: Answer): Promise<{ output?: unknown; error?: unknown }> {
    const mod = await sdkModule(req.service);
    const Cmd = mod[`${req.operation}Command`] as new (input: object) => SdkCommand;
    if (typeof Cmd !== 'function') return { error: new Error(`no ${req.operation}Command`) };
    const { client, wire } = await this.client(req.service, req.region);
    const cmd = new Cmd({ ...(req.input as object) });
    // The innermost middleware: the HTTP response, instead of a socket.
    cmd.middlewareStack.add(() => async () => ({ response: wireResponse(wire, req.operation, answer) }), { step: 'deserialize', priority: 'low', name: 'aimsScanLoopback' });
    try {
      return { output: await client.send(cmd) };
    } catch (error) {
      // An error answer (or a body the SDK rejects) costs what it costs; the simulated answer stands.
      return { error };
    }
  }
}
