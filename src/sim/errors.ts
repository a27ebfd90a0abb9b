// Error answers of the simulated AWS, shaped like the SDK's exceptions as errorInfo() keeps them:
// name, message and HTTP status. Real names and messages, so the engine classifies them as on AWS.
import type { ErrorInfo } from '../aws/errors.js';

export class SimError extends Error {
  constructor(
    name: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
    this.name = name;
  }

  info(): ErrorInfo {
    return { name: this.name, message: this.message, httpStatus: this.httpStatus };
  }
}

export const simError = (name: string, message: string, httpStatus = 400): SimError => new SimError(name, message, httpStatus);

/** What a throttled API answers (JSON and query protocols alike surface this name). */
export function throttlingError(operation: string): ErrorInfo {
  return { name: 'ThrottlingException', message: `Rate exceeded for ${operation}`, httpStatus: 400 };
}

/** An IAM denial as AWS words it. */
export function accessDenied(callerArn: string, action: string, resource = '*'): SimError {
  return new SimError('AccessDeniedException', `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`, 400);
}
