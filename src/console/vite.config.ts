/** Builds the console into dist/console/, served by `bosun server` at `/` with its assets under `/console/`. */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/console/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../../dist/console", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  logLevel: "warn",
});
