import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A call that no mock answers goes to a closed local port, never to the internet.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'AKIDAIMSSCANTEST0001', AWS_SECRET_ACCESS_KEY: 'aims-scan-test-secret-do-not-print', AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent/aims-scan-test', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aims-scan-test' },
  },
});
