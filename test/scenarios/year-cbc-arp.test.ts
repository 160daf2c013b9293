import {yearSuite} from './year';

describe('a year of the cbc-arp panel', () => {
  yearSuite('cbc-arp', {contractEndWeeks: 8, rules: ['D9', 'D10', 'D14']});
});
