module.exports = [
  'dist/',
  'build/',
  'coverage/',
  '**/node_modules/',
  '.workspace/',
  'test-output/',
];
