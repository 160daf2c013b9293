// gts is the linter and formatter (design card). The package is ESM ("type":
// "module"), so the config gts generates lives in a .cjs file.
const ignores = require('./eslint.ignores.cjs');

module.exports = [
  {ignores},
  ...require('gts'),
  {
    // Three TypeScript projects: Apps Script code, sidebar code, Node tooling.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: [
          './tsconfig.json',
          './tsconfig.client.json',
          './tsconfig.node.json',
        ],
      },
    },
    rules: {
      // `const {omitted: _omitted, ...rest} = x` drops a key on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {ignoreRestSiblings: true, varsIgnorePattern: '^_', argsIgnorePattern: '^_'},
      ],
    },
  },
];
