// The PWA build: Preact, and a Workbox service worker that precaches everything the app needs offline.
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  plugins: [
    preact(),
    VitePWA({
      // The page registers the worker itself (workbox-window) so it can ask before activating an update.
      injectRegister: false,
      registerType: 'prompt',
      // public/manifest.webmanifest is the manifest, linked from index.html.
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,png,svg,woff2,webmanifest}'],
        // The console (console.html, its own chunk) is an online page for managers, not part of the scanner app.
        globIgnores: ['console.html', 'assets/console-*'],
        // The decoder's .wasm is about 1 MB; it must be precached or scanning fails offline.
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        navigateFallback: 'index.html',
        // Server pages and the API are never the app shell, even once the worker is installed.
        navigateFallbackDenylist: [/^\/api\//, /^\/demo/, /^\/openapi\.json/, /^\/healthz/, /^\/console/],
        cleanupOutdatedCaches: true,
        // The first install takes the page that installed it, so that a phone enrolled and then taken offline
        // without a reload still opens its other screens from the cache.
        clientsClaim: true,
      },
    }),
  ],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // Two pages: the scanner app, and the console `checkpoint serve` shows at /console.
    rollupOptions: { input: { index: 'index.html', console: 'console.html' } },
  },
});
