import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'widget/generated/', 'portal/generated/', 'test/.artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  { files: ['*.js', '*.mjs', '*.ts'], languageOptions: { globals: globals.node } },
  { files: ['demo/**/*.js'], languageOptions: { globals: globals.browser } },
  // chai's property assertions (`expect(x).to.exist`) read as bare expressions
  { files: ['test/widget/**/*.ts'], rules: { '@typescript-eslint/no-unused-expressions': 'off' } },
);
