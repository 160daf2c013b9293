/**
 * DataValidation and DataValidationBuilder stand-ins.
 * https://developers.google.com/apps-script/reference/spreadsheet/data-validation-builder
 *
 * A rule is kept as {criteria, values} with dates as epoch ms until it is
 * applied to a sheet, where dates become serials in the spreadsheet's zone.
 * getCriteriaValues follows Apps Script: VALUE_IN_LIST gives
 * [values, showDropdown], dates come back as Date objects.
 */
import {DATA_VALIDATION_CRITERIA, EnumValue, Env} from './app-env';
import {epochToSerial, isDateObject} from './dates';
import {ValidationRule} from './workbook';

type GDataValidation = GoogleAppsScript.Spreadsheet.DataValidation;
type GBuilder = GoogleAppsScript.Spreadsheet.DataValidationBuilder;
type GCriteria = GoogleAppsScript.Spreadsheet.DataValidationCriteria;
type GDate = GoogleAppsScript.Base.Date;

export type DataValidationApi = Pick<
  GDataValidation,
  | 'copy'
  | 'getAllowInvalid'
  | 'getCriteriaType'
  | 'getCriteriaValues'
  | 'getHelpText'
>;

export type DataValidationBuilderApi = Pick<
  GBuilder,
  | 'build'
  | 'copy'
  | 'getAllowInvalid'
  | 'getCriteriaType'
  | 'getCriteriaValues'
  | 'getHelpText'
  | 'requireCheckbox'
  | 'requireDate'
  | 'requireDateAfter'
  | 'requireDateBefore'
  | 'requireDateBetween'
  | 'requireDateEqualTo'
  | 'requireDateNotBetween'
  | 'requireDateOnOrAfter'
  | 'requireDateOnOrBefore'
  | 'requireNumberBetween'
  | 'requireNumberEqualTo'
  | 'requireNumberGreaterThan'
  | 'requireNumberGreaterThanOrEqualTo'
  | 'requireNumberLessThan'
  | 'requireNumberLessThanOrEqualTo'
  | 'requireNumberNotBetween'
  | 'requireNumberNotEqualTo'
  | 'requireTextContains'
  | 'requireTextDoesNotContain'
  | 'requireTextEqualTo'
  | 'requireTextIsEmail'
  | 'requireTextIsUrl'
  | 'requireValueInList'
  | 'requireValueInRange'
  | 'requireFormulaSatisfied'
  | 'setAllowInvalid'
  | 'setHelpText'
  | 'withCriteria'
>;

/** A rule before it is applied: date values are epoch ms. */
export interface RuleSpec {
  criteria: string;
  values: Array<string | number | boolean | string[]>;
  dateValues: boolean;
  allowInvalid: boolean;
  helpText: string | null;
  showDropdown?: boolean;
}

const DATE_CRITERIA = new Set([
  'DATE_AFTER',
  'DATE_BEFORE',
  'DATE_BETWEEN',
  'DATE_EQUAL_TO',
  'DATE_NOT_BETWEEN',
  'DATE_ON_OR_AFTER',
  'DATE_ON_OR_BEFORE',
]);

/** The stored rule for a spec, in a spreadsheet's time zone. */
export function ruleFromSpec(spec: RuleSpec, timeZone: string): ValidationRule {
  const values =
    spec.criteria === 'VALUE_IN_LIST'
      ? (spec.values[0] as string[]).map(String)
      : spec.values.map(v =>
          spec.dateValues && typeof v === 'number'
            ? epochToSerial(v, timeZone)
            : (v as string | number | boolean),
        );
  const rule: ValidationRule = {
    criteria: spec.criteria,
    values,
    allowInvalid: spec.allowInvalid,
    helpText: spec.helpText,
  };
  if (spec.showDropdown !== undefined) rule.showDropdown = spec.showDropdown;
  return rule;
}

/** A stored rule back as a spec (dates as epoch ms). */
export function specFromRule(
  env: Env,
  rule: ValidationRule,
  timeZone: string,
): RuleSpec {
  const dateValues = DATE_CRITERIA.has(rule.criteria);
  return {
    criteria: rule.criteria,
    values:
      rule.criteria === 'VALUE_IN_LIST'
        ? [rule.values.map(String), rule.showDropdown ?? true]
        : rule.values.map(v =>
            dateValues && typeof v === 'number'
              ? env.date(v, timeZone).getTime()
              : v,
          ),
    dateValues,
    allowInvalid: rule.allowInvalid,
    helpText: rule.helpText,
    showDropdown: rule.showDropdown,
  };
}

function criteriaValues(env: Env, spec: RuleSpec): unknown[] {
  return spec.values.map(v =>
    spec.dateValues && typeof v === 'number'
      ? new env.ctx.realm.Date(v)
      : Array.isArray(v)
        ? [...v]
        : v,
  );
}

function criteriaEnum(name: string): GCriteria {
  const all = DATA_VALIDATION_CRITERIA as Record<string, EnumValue>;
  return (all[name] ?? new EnumValue(name, -1)) as unknown as GCriteria;
}

export class LocalDataValidation implements DataValidationApi {
  constructor(
    private readonly env: Env,
    readonly spec: RuleSpec,
  ) {}

  copy(): GBuilder {
    this.env.count('DataValidation.copy');
    return new LocalDataValidationBuilder(this.env, {
      ...this.spec,
      values: [...this.spec.values],
    }) as unknown as GBuilder;
  }

  getAllowInvalid(): boolean {
    this.env.count('DataValidation.getAllowInvalid');
    return this.spec.allowInvalid;
  }

  getCriteriaType(): GCriteria {
    this.env.count('DataValidation.getCriteriaType');
    return criteriaEnum(this.spec.criteria);
  }

  getCriteriaValues(): unknown[] {
    this.env.count('DataValidation.getCriteriaValues');
    return criteriaValues(this.env, this.spec);
  }

  getHelpText(): string {
    this.env.count('DataValidation.getHelpText');
    return this.spec.helpText ?? '';
  }
}

function epochOf(env: Env, method: string, d: unknown): number {
  if (!isDateObject(d))
    env.failSignature(`DataValidationBuilder.${method}`, [d]);
  return d.getTime();
}

export class LocalDataValidationBuilder implements DataValidationBuilderApi {
  constructor(
    private readonly env: Env,
    private spec: RuleSpec = {
      criteria: '',
      values: [],
      dateValues: false,
      allowInvalid: true,
      helpText: null,
    },
  ) {}

  private set(
    method: string,
    criteria: string,
    values: RuleSpec['values'],
    dateValues = false,
  ): GBuilder {
    this.env.count(`DataValidationBuilder.${method}`);
    this.spec = {...this.spec, criteria, values, dateValues};
    delete this.spec.showDropdown;
    return this as unknown as GBuilder;
  }

  private number(method: string, criteria: string, args: unknown[]): GBuilder {
    if (!args.every(a => typeof a === 'number')) {
      this.env.failSignature(`DataValidationBuilder.${method}`, args);
    }
    return this.set(method, criteria, args as number[]);
  }

  private dates(method: string, criteria: string, args: unknown[]): GBuilder {
    const values = args.map(a => epochOf(this.env, method, a));
    return this.set(method, criteria, values, true);
  }

  build(): GDataValidation {
    this.env.count('DataValidationBuilder.build');
    if (!this.spec.criteria) {
      this.env.fail('You must specify a validation criteria.');
    }
    return new LocalDataValidation(this.env, {
      ...this.spec,
      values: [...this.spec.values],
    }) as unknown as GDataValidation;
  }

  copy(): GBuilder {
    this.env.count('DataValidationBuilder.copy');
    return new LocalDataValidationBuilder(this.env, {
      ...this.spec,
      values: [...this.spec.values],
    }) as unknown as GBuilder;
  }

  getAllowInvalid(): boolean {
    this.env.count('DataValidationBuilder.getAllowInvalid');
    return this.spec.allowInvalid;
  }

  getCriteriaType(): GCriteria {
    this.env.count('DataValidationBuilder.getCriteriaType');
    return criteriaEnum(this.spec.criteria);
  }

  getCriteriaValues(): unknown[] {
    this.env.count('DataValidationBuilder.getCriteriaValues');
    return criteriaValues(this.env, this.spec);
  }

  getHelpText(): string | null {
    this.env.count('DataValidationBuilder.getHelpText');
    return this.spec.helpText;
  }

  requireCheckbox(checkedValue?: unknown, uncheckedValue?: unknown): GBuilder {
    const values = [checkedValue, uncheckedValue].filter(
      v => v !== undefined,
    ) as Array<string | number | boolean>;
    return this.set('requireCheckbox', 'CHECKBOX', values);
  }

  requireDate(): GBuilder {
    return this.set('requireDate', 'DATE_IS_VALID_DATE', []);
  }

  requireDateAfter(date: GDate): GBuilder {
    return this.dates('requireDateAfter', 'DATE_AFTER', [date]);
  }

  requireDateBefore(date: GDate): GBuilder {
    return this.dates('requireDateBefore', 'DATE_BEFORE', [date]);
  }

  requireDateBetween(start: GDate, end: GDate): GBuilder {
    return this.dates('requireDateBetween', 'DATE_BETWEEN', [start, end]);
  }

  requireDateEqualTo(date: GDate): GBuilder {
    return this.dates('requireDateEqualTo', 'DATE_EQUAL_TO', [date]);
  }

  requireDateNotBetween(start: GDate, end: GDate): GBuilder {
    return this.dates('requireDateNotBetween', 'DATE_NOT_BETWEEN', [
      start,
      end,
    ]);
  }

  requireDateOnOrAfter(date: GDate): GBuilder {
    return this.dates('requireDateOnOrAfter', 'DATE_ON_OR_AFTER', [date]);
  }

  requireDateOnOrBefore(date: GDate): GBuilder {
    return this.dates('requireDateOnOrBefore', 'DATE_ON_OR_BEFORE', [date]);
  }

  requireNumberBetween(start: number, end: number): GBuilder {
    return this.number('requireNumberBetween', 'NUMBER_BETWEEN', [start, end]);
  }

  requireNumberEqualTo(n: number): GBuilder {
    return this.number('requireNumberEqualTo', 'NUMBER_EQUAL_TO', [n]);
  }

  requireNumberGreaterThan(n: number): GBuilder {
    return this.number('requireNumberGreaterThan', 'NUMBER_GREATER_THAN', [n]);
  }

  requireNumberGreaterThanOrEqualTo(n: number): GBuilder {
    return this.number(
      'requireNumberGreaterThanOrEqualTo',
      'NUMBER_GREATER_THAN_OR_EQUAL_TO',
      [n],
    );
  }

  requireNumberLessThan(n: number): GBuilder {
    return this.number('requireNumberLessThan', 'NUMBER_LESS_THAN', [n]);
  }

  requireNumberLessThanOrEqualTo(n: number): GBuilder {
    return this.number(
      'requireNumberLessThanOrEqualTo',
      'NUMBER_LESS_THAN_OR_EQUAL_TO',
      [n],
    );
  }

  requireNumberNotBetween(start: number, end: number): GBuilder {
    return this.number('requireNumberNotBetween', 'NUMBER_NOT_BETWEEN', [
      start,
      end,
    ]);
  }

  requireNumberNotEqualTo(n: number): GBuilder {
    return this.number('requireNumberNotEqualTo', 'NUMBER_NOT_EQUAL_TO', [n]);
  }

  requireTextContains(text: string): GBuilder {
    return this.set('requireTextContains', 'TEXT_CONTAINS', [String(text)]);
  }

  requireTextDoesNotContain(text: string): GBuilder {
    return this.set('requireTextDoesNotContain', 'TEXT_DOES_NOT_CONTAIN', [
      String(text),
    ]);
  }

  requireTextEqualTo(text: string): GBuilder {
    return this.set('requireTextEqualTo', 'TEXT_EQUAL_TO', [String(text)]);
  }

  requireTextIsEmail(): GBuilder {
    return this.set('requireTextIsEmail', 'TEXT_IS_VALID_EMAIL', []);
  }

  requireTextIsUrl(): GBuilder {
    return this.set('requireTextIsUrl', 'TEXT_IS_VALID_URL', []);
  }

  requireValueInList(values: string[], showDropdown = true): GBuilder {
    if (!Array.isArray(values)) {
      this.env.failSignature('DataValidationBuilder.requireValueInList', [
        values,
      ]);
    }
    this.set('requireValueInList', 'VALUE_IN_LIST', [values.map(String)]);
    this.spec.showDropdown = showDropdown;
    return this as unknown as GBuilder;
  }

  requireValueInRange(
    range: GoogleAppsScript.Spreadsheet.Range,
    showDropdown = true,
  ): GBuilder {
    const a1 = `${range.getSheet().getName()}!${range.getA1Notation()}`;
    this.set('requireValueInRange', 'VALUE_IN_RANGE', [a1]);
    this.spec.showDropdown = showDropdown;
    return this as unknown as GBuilder;
  }

  requireFormulaSatisfied(formula: string): GBuilder {
    return this.set('requireFormulaSatisfied', 'CUSTOM_FORMULA', [formula]);
  }

  setAllowInvalid(allowInvalidData: boolean): GBuilder {
    this.env.count('DataValidationBuilder.setAllowInvalid');
    this.spec.allowInvalid = !!allowInvalidData;
    return this as unknown as GBuilder;
  }

  setHelpText(helpText: string): GBuilder {
    this.env.count('DataValidationBuilder.setHelpText');
    this.spec.helpText = helpText;
    return this as unknown as GBuilder;
  }

  withCriteria(criteria: GCriteria, args: unknown[]): GBuilder {
    const name = String(criteria);
    const dateValues = DATE_CRITERIA.has(name);
    const values = (args ?? []).map(a =>
      dateValues && isDateObject(a) ? a.getTime() : a,
    ) as RuleSpec['values'];
    return this.set('withCriteria', name, values, dateValues);
  }
}
