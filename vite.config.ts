import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: built once into dist/renderer and served by `tracelens serve` or Electron's app:// scheme.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
});
