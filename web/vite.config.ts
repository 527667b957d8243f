import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/** The console and portal: built into web/dist and served by the Vigil process at `/`. */
export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Everything is a file under /assets/: nothing inlined that a strict CSP would refuse.
    assetsInlineLimit: 0,
    // Keep the build byte-identical across machines (reproducible CI builds).
    sourcemap: false,
    // The budget is checked by `npm run bench -- web` (300 KB gzipped), not by this warning.
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `npm run web:dev` with `./vigil start` running on 8080.
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
