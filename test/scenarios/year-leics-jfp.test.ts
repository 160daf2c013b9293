import {yearSuite} from './year';

describe('a year of the leics-jfp panel', () => {
  // D5 (health assessment due) is Kent's alone: healthAssessmentDays is – for
  // Leicestershire (SPEC section 6).
  yearSuite('leics-jfp', {contractEndWeeks: null, rules: ['D7', 'D9', 'D13']});
});
