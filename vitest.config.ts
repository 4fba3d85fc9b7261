import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Unit tests sit next to the code; integration and end-to-end tests (moto_server, CLI
    // subprocesses) live in test/ and get longer timeouts.
    include: ["{cmd,controllers,reconcilers,manifests,scripts}/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default"],
    // The SDK warns once per process that it will want Node 22 in 2027; it is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
