// @ts-check
// ESLint flat config: the recommended rules of ESLint, typescript-eslint, eslint-plugin-lit and
// eslint-plugin-wc, with formatting left to Prettier (eslint-config-prettier comes last).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier/flat';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores([
    'dist/',
    'coverage/',
    '**/node_modules/',
    'bench/results/',
    'custom-elements.json',
    'docs/',
    // Hand-written fixture data: data, not code (third-party samples are read from ../shared).
    'test/fixtures/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,
  lit.configs['flat/recommended'],
  // best-practice = recommended plus lifecycle checks (no-typos, require-listener-teardown, …).
  wc.configs['flat/best-practice'],

  {
    settings: {
      // The elements extend LitElement rather than HTMLElement: check them as custom elements.
      wc: { elementBaseClasses: ['LitElement'] },
    },
    rules: {
      // LitElement implements connectedCallback/disconnectedCallback, so `super.x()` needs no guard.
      'wc/guard-super-call': 'off',

      // Lit rules outside the recommended set that catch bugs rather than style.
      'lit/attribute-names': 'error',
      'lit/lifecycle-super': 'error',
      'lit/no-classfield-shadowing': 'error',
      'lit/no-invalid-escape-sequences': 'error',
      'lit/no-legacy-imports': 'error',
      'lit/no-native-attributes': 'error',
      'lit/no-this-assign-in-render': 'error',
      'lit/no-value-attribute': 'error',

      // `_` (or `_name`) marks a deliberately unused binding, e.g. `({ pending: _, ...rest })`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // The sanitisers and URL checks match control characters on purpose.
      'no-control-regex': 'off',
    },
  },

  // Library code: a promise is awaited or explicitly discarded with `void` (the codebase's
  // fire-and-forget convention). These two rules need type information, so only src/ without its
  // tests is linted with it, which keeps `npm run lint` quick.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },

  // Node: scripts, servers, benchmarks, config files.
  {
    files: ['**/*.mjs', '*.js'],
    languageOptions: { globals: { ...globals.node } },
  },

  // Browser: the demo page, and callbacks that Puppeteer/Playwright run inside the page.
  {
    files: ['demo/**/*.js', 'bench/lib/pages.mjs', 'test/e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // Tests: chai's property assertions (`expect(x).to.exist`) are expressions, and parsed JSON
  // responses are typed `any` on purpose.
  {
    files: ['**/*.test.ts', '**/*.test.mjs'],
    languageOptions: { globals: { ...globals.mocha } },
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },

  prettier,
]);
