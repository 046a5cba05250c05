import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'

const nodeOnly = ['electron', 'node:*', 'better-sqlite3', 'ssh2', 'keytar', 'fs', 'path', 'child_process']

export default tseslint.config(
  { ignores: ['**/*.config.ts.*.mjs', 'out/**', 'node_modules/**', 'native/**', 'screenshots/**', '.tmp/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': 'allow-with-description' }]
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser }, globals: { ...globals.browser } }
  },
  {
    // Rule 1 of docs/style: shared is pure, the renderer only sees shared and the preload API type.
    files: ['src-main/shared/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: nodeOnly }] }
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...nodeOnly, '**/src-main/main/**', '**/src-main/simulator/**', '**/src-main/cli/**'] }
      ]
    }
  },
  {
    // Components talk to main only through the state classes (*.svelte.ts): no .svelte file imports the api module.
    files: ['src-renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...nodeOnly, '**/src-main/main/**', '**/src-main/simulator/**', '**/src-main/cli/**'] },
            { regex: '(^|/)lib/api(\\.ts)?$', message: 'call main through a state class (a .svelte.ts file), not the api module' }
          ]
        }
      ]
    }
  },
  {
    // Only these modules may touch the native/SSH libraries.
    files: ['src-main/main/**'],
    ignores: ['src-main/main/db/**', 'src-main/main/secrets/**', 'src-main/main/ssh/**', 'src-main/main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['better-sqlite3', 'keytar', 'electron'] }] }
  },
  {
    // Electron only in src-main/main/electron/ (and the preload): test/architecture/layers.test.ts holds the same rule
    files: ['src-main/main/db/**', 'src-main/main/secrets/**', 'src-main/main/ssh/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] }
  }
)
