/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` talks to a running `make run` stack (DOCSPOT_STACK, default http://127.0.0.1:8000), so /api,
// /config.json and /ws reach the same origin the SPA is served from in production.
const stack = process.env.DOCSPOT_STACK ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": stack,
      "/config.json": stack,
      "/ws": { target: stack.replace(/^http/, "ws"), ws: true },
    },
  },
  build: {
    outDir: "dist",
    sourcemap: false,
    // Swagger UI (the /api-docs page, loaded with that page only) is one 1.7 MB chunk.
    chunkSizeWarningLimit: 1800,
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    css: false,
    include: ["src/**/*.test.{ts,tsx}"],
    // The machines running the suite are shared by several builds at once: a page test may wait for its turn.
    testTimeout: 20_000,
  },
});
