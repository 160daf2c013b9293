import {yearSuite} from './year';

describe('a year of the herts-harp panel', () => {
  yearSuite('herts-harp', {contractEndWeeks: null, rules: ['D9', 'D14']});
});
