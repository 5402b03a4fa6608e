import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config";

// UI unit tests run in jsdom against the real components, with the Tauri bridge mocked.
export default mergeConfig(
  viteConfig,
  defineConfig({
    resolve: { conditions: ["browser"] },
    test: { environment: "jsdom", include: ["src/**/*.test.ts"], setupFiles: ["src/test/tauri-mock.ts"] },
  }),
);
