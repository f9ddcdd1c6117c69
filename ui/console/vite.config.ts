import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { fileURLToPath } from "node:url";

// The county console: served by borderdesk-server under /console, which embeds dist/.
const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  plugins: [svelte({ configFile: fileURLToPath(new URL("../svelte.config.js", import.meta.url)) })],
  base: "/console/",
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Office PCs run current Chromium-based browsers.
    target: ["es2021", "chrome100"],
    sourcemap: false,
  },
  server: {
    port: 1430,
    strictPort: true,
    proxy: { "/console/api": process.env.BORDERDESK_SERVER ?? "http://127.0.0.1:8080" },
  },
});
