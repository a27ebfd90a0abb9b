// Every handler table of the simulated AWS, merged. A service's file holds its handlers and the
// builders that put its resources into a SimAccount.
import type { HandlerTable } from '../handlers/dsl.js';
import { aiAssetHandlers } from './ai-assets.js';
import { dataHandlers } from './data.js';
import { governanceHandlers } from './governance.js';
import { identityHandlers } from './identity.js';
import { observabilityHandlers } from './observability.js';
import { s3Handlers } from './s3.js';
import { sagemakerHandlers } from './sagemaker.js';
import { securityHandlers } from './security.js';

export const HANDLERS: HandlerTable = {
  ...identityHandlers,
  ...sagemakerHandlers,
  ...s3Handlers,
  ...securityHandlers,
  ...observabilityHandlers,
  ...dataHandlers,
  ...governanceHandlers,
  ...aiAssetHandlers,
};
