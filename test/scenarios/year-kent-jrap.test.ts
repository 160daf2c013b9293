import {yearSuite} from './year';

describe('a year of the kent-jrap panel', () => {
  yearSuite('kent-jrap', {
    contractEndWeeks: null,
    rules: ['D5', 'D7', 'D8', 'D9', 'D11', 'D13'],
  });
});
