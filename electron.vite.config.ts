import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

// Natives (better-sqlite3, keytar, ssh2's optional cpu-features) stay external: they are
// loaded from node_modules (or from the Electron-ABI copy in native/, see docs/native-modules.md).
export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/main/electron/index.ts') } }
    }
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    resolve: { alias: { '@shared': resolve(__dirname, 'src-main/shared') } },
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } }
    },
    plugins: [svelte({ configFile: resolve(__dirname, 'svelte.config.mjs') })]
  }
})
