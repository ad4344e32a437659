import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.vite/', 'dev-dist/', 'tmp/', 'bench/out/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // The layers import downwards only (docs/ARCHITECTURE.md): ui -> state -> contract/storage -> lib.
    // Workers are reached through `new URL(...)` and Comlink, never imported by the page's code.
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/workers/*', '**/workers'], message: 'src never imports a worker: start it with new URL() and talk through the contract.' }] }],
    },
  },
  {
    // src/lib is pure compute: no DOM, Svelte, Comlink, Dexie, CLI or demo seed.
    files: ['src/lib/**/*.ts', 'seeds/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['svelte', 'svelte/*', 'comlink', 'dexie', '**/storage/*', '**/ui/*', '**/state/*', '**/workers/*', '**/cli/*', '**/seeds', '**/seeds/*'] }],
    },
  },
  {
    // State holds the app's data and talks to workers; the UI renders it. State never imports ui.
    files: ['src/state/**/*.ts'],
    ignores: ['src/state/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/ui/*', '**/workers/*'], message: 'state never imports ui or workers.' }] }],
    },
  },
  {
    files: ['src/storage/**/*.ts', 'src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['svelte', 'svelte/*', '**/ui/*', '**/state/*', '**/workers/*', '**/cli/*'] }],
    },
  },
);
