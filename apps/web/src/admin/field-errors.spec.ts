import { describe, expect, it } from '@jest/globals';
import { mapProblems, problemsOf, resolveField, splitProblem } from './field-errors';

const QUEUE_FORM = [
  'name',
  'languages',
  'maxWaitSeconds',
  'widening.0.afterSeconds',
  'widening.0.relaxBy',
  'openingHours.weekly.mon',
  'openingHours.closures',
  'callbackPolicy.maxAttempts',
  'callbackPolicy.retryDelaysSeconds',
];

describe('field errors', () => {
  it('reads every problem of the validation pipe, joined in one message', () => {
    const problems = problemsOf({
      status: 400,
      code: 'VALIDATION_FAILED',
      message:
        'callbackPolicy.maxAttempts must not be greater than 10; widening.0.relaxBy must be a number 0-10 or "any"; ' +
        'colour: property colour should not exist',
    });
    expect(problems).toEqual([
      {
        path: 'callbackPolicy.maxAttempts',
        problem: 'must not be greater than 10',
        text: 'callbackPolicy.maxAttempts must not be greater than 10',
      },
      {
        path: 'widening.0.relaxBy',
        problem: 'must be a number 0-10 or "any"',
        text: 'widening.0.relaxBy must be a number 0-10 or "any"',
      },
      { path: 'colour', problem: 'property colour should not exist', text: 'colour: property colour should not exist' },
    ]);
  });

  it('prefers the listed problems of a settings document to its summarised message', () => {
    const problems = problemsOf({
      status: 400,
      code: 'INVALID_CASE_SETTINGS',
      message: 'Case settings are invalid: categories[2].code: must be a lower-case code',
      details: { problems: ['categories[2].code: must be a lower-case code'] },
    });
    expect(problems).toEqual([
      {
        path: 'categories.2.code',
        problem: 'must be a lower-case code',
        text: 'categories[2].code: must be a lower-case code',
      },
    ]);
  });

  it('treats a refusal that is not a 400 as one message about the whole form', () => {
    expect(problemsOf({ status: 409, code: 'ROUTING_QUEUE_CLOSED', message: 'The routing queue is closed' })).toEqual([
      { path: null, problem: 'The routing queue is closed', text: 'The routing queue is closed' },
    ]);
  });

  it('writes list indexes the same way whichever layer named them', () => {
    expect(splitProblem('openingHours.weekly.mon[0].close: must be after open').path).toBe(
      'openingHours.weekly.mon.0.close',
    );
    expect(splitProblem('… and 3 more problems').path).toBeNull();
  });

  it('finds the field of a path, of its nearest parent, or the one field ending with it', () => {
    expect(resolveField('widening.0.relaxBy', QUEUE_FORM)).toBe('widening.0.relaxBy');
    expect(resolveField('openingHours.weekly.mon.0.close', QUEUE_FORM)).toBe('openingHours.weekly.mon');
    expect(resolveField('retryDelaysSeconds.1', QUEUE_FORM)).toBe('callbackPolicy.retryDelaysSeconds');
    expect(resolveField('maxAttempts', QUEUE_FORM)).toBe('callbackPolicy.maxAttempts');
    expect(resolveField('strategy', QUEUE_FORM)).toBeUndefined();
  });

  it('does not guess between two fields that end the same way', () => {
    expect(resolveField('maxAttempts', ['a.maxAttempts', 'b.maxAttempts'])).toBeUndefined();
  });

  it('puts each problem beside its field, says which item of a list, and keeps the rest for the summary', () => {
    const mapped = mapProblems(
      problemsOf({
        status: 400,
        code: 'INVALID_QUEUE_DEFINITION',
        message:
          'openingHours.weekly.mon[0].close: must be after open; retryDelaysSeconds[1]: must be an integer 60-86400; ' +
          'maxAttempts: must be an integer 1-10; Routing queue not found',
      }),
      QUEUE_FORM,
    );
    expect(Object.fromEntries(mapped.byField)).toEqual({
      'openingHours.weekly.mon': ['item 1, close: must be after open'],
      'callbackPolicy.retryDelaysSeconds': ['item 2: must be an integer 60-86400'],
      'callbackPolicy.maxAttempts': ['must be an integer 1-10'],
    });
    expect(mapped.general).toEqual(['Routing queue not found']);
  });
});
