// probes.md §5.2, applied in order.
import { describe, expect, it } from 'vitest';
import { classify, errorInfo, matchesAbsent } from '../src/aws/errors.js';

const at = (region = 'eu-west-1') => ({ action: 'svc:Op', region, homeRegion: 'us-east-1', attempts: 3 });

describe('classify', () => {
  it.each([
    [{ name: 'Error', message: 'getaddrinfo ENOTFOUND x', code: 'ENOTFOUND' }, 'unavailable'],
    [{ name: 'UnknownOperationException', message: '' }, 'unavailable'],
    [{ name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }, 'region-disabled'],
    [{ name: 'InvalidClientTokenId', message: 'x' }, 'region-disabled'],
    [{ name: 'AccessDeniedException', message: 'User: x is not authorized … with an explicit deny in a service control policy' }, 'scp'],
    [{ name: 'AccessDeniedException', message: 'not authorized' }, 'denied'],
    [{ name: 'AccessDenied', message: 'Access Denied', httpStatus: 403 }, 'denied'],
    [{ name: 'UnauthorizedOperation', message: '' }, 'denied'],
    [{ name: 'ThrottlingException', message: 'Rate exceeded' }, 'throttled'],
    [{ name: 'SlowDown', message: '' }, 'throttled'],
    [{ name: 'Weird', message: '', httpStatus: 429 }, 'throttled'],
    [{ name: 'ExpiredTokenException', message: 'expired' }, 'credentials'],
    [{ name: 'TimeoutError', message: 'socket hang up' }, 'network'],
    [{ name: 'Error', message: 'reset', code: 'ECONNRESET' }, 'network'],
    [{ name: 'InternalFailure', message: 'boom', httpStatus: 500 }, 'unexpected'],
  ])('%o → %s', (info, kind) => {
    expect(classify(info, at()).kind).toBe(kind);
  });

  it('a rejected token in the home region is a credential problem, elsewhere a disabled region', () => {
    const info = { name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
    expect(classify(info, at('us-east-1')).kind).toBe('credentials');
    expect(classify(info, at('ap-east-1')).reason).toMatch(/region ap-east-1 is not enabled/);
  });

  it('names the missing IAM action for access denied', () => {
    expect(classify({ name: 'AccessDeniedException', message: 'no' }, at()).reason).toBe('access denied: the scan role lacks svc:Op in eu-west-1');
  });

  it('keeps no more than the name, message, code and status of an SDK error', () => {
    const err = Object.assign(new Error('m'), { name: 'X', $metadata: { httpStatusCode: 418, requestId: 'r' }, $response: { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKID' } } });
    expect(errorInfo(err)).toEqual({ name: 'X', message: 'm', httpStatus: 418 });
  });

  it('matches declared not-enabled signals by name and message', () => {
    const sig = [{ name: 'AccessDeniedException', message: /Macie is not enabled/ }];
    expect(matchesAbsent({ name: 'AccessDeniedException', message: 'Macie is not enabled.' }, sig)).toBe(true);
    expect(matchesAbsent({ name: 'AccessDeniedException', message: 'not authorized' }, sig)).toBe(false);
    expect(matchesAbsent({ name: 'Other', message: 'Macie is not enabled.' }, sig)).toBe(false);
  });
});
